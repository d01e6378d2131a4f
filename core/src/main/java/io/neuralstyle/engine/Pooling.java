package io.neuralstyle.engine;

import java.util.Locale;

/** The 2x2 stride-2 pooling between VGG19's blocks. Gatys et al. found average pooling gives smoother results. */
public enum Pooling {
    AVG, MAX;

    /** Parses "avg"/"average" or "max", any case. */
    public static Pooling parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "avg", "average" -> AVG;
            case "max" -> MAX;
            default -> throw new IllegalArgumentException("unknown pooling '" + s + "': use avg or max");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
