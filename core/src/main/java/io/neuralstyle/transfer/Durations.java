package io.neuralstyle.transfer;

import java.util.Locale;

/** How every front end writes a duration: "45 s", "3 min 20 s", "1 h 05 min". */
public final class Durations {
    private Durations() {
    }

    public static String format(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
}
