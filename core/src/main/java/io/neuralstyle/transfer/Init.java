package io.neuralstyle.transfer;

/**
 * Where the optimization starts: seeded noise, the photo, or an image, which carries its location so
 * that settings written as text (a settings file, the text in a result PNG) name the same image when
 * read back. As text: {@code noise}, {@code content}, or the image's location.
 */
public sealed interface Init permits Init.Noise, Init.Content, Init.FromImage {
    /** Seeded white noise, as in the paper. */
    Init NOISE = new Noise();
    /** The content photo itself: converges faster and keeps more detail, at the cost of some style. */
    Init CONTENT = new Content();

    /** An image the caller reads from {@code location} (a previous result, say) and gives to the run. */
    static Init image(String location) {
        return new FromImage(location);
    }

    /** See {@link #NOISE}. */
    record Noise() implements Init {
        @Override
        public String toString() {
            return "noise";
        }
    }

    /** See {@link #CONTENT}. */
    record Content() implements Init {
        @Override
        public String toString() {
            return "content";
        }
    }

    /**
     * An image the caller gives to the run. Its pixels, not its location, are what the run depends on
     * (see {@link Fingerprint}): the location says which image to read.
     *
     * @param location a file name, a path or a URI, as the front end that reads it takes it; for an
     *                 image made in memory (a video's earlier frame, warped), what it is
     */
    record FromImage(String location) implements Init {
        public FromImage {
            if (location == null || location.isBlank()) {
                throw new IllegalArgumentException("takes noise, content or an image file");
            }
        }

        @Override
        public String toString() {
            return location;
        }
    }
}
