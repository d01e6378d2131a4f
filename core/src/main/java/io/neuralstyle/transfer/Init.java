package io.neuralstyle.transfer;

import java.util.Locale;

/** Where the optimization starts. */
public enum Init {
    /** Seeded white noise, as in the paper. */
    NOISE,
    /** The content photo itself: converges faster and keeps more detail, at the cost of some style. */
    CONTENT,
    /** An image the caller gives (a previous result, say). */
    IMAGE;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
