package io.neuralstyle.transfer;

import io.neuralstyle.image.Image;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One run, as a front end hands it to {@link StyleTransfer#run}: the photo, the paintings with their
 * masks, the starting image, a video frame's temporal guide, where the run keeps its checkpoint, and
 * who hears of its progress. It is checked against its settings when it is built, so a request
 * that exists can be run: every front end and every program calling the library gets the same
 * refusals, each with a kind to word it by ({@link RunRequestException}, {@link StyleInputException}).
 *
 * <p>The checkpoint is the run's, not the {@link StyleTransfer}'s, so one StyleTransfer serves any
 * number of runs, each with its own file; {@link #discardCheckpoint} removes it once the result is
 * safely written (or to start over).
 *
 * <pre>{@code
 * Result r = transfer.run(transfer.request().content(photo).style(painting).listener(listener).build());
 * }</pre>
 */
public final class RunRequest {
    /** How often a run with a checkpoint file saves its state, by default: at most this much work is lost. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);

    private final Settings settings;
    private final Image content;
    private final List<StyleImage> styles;
    private final Image init;
    private final TemporalGuide guide;
    private final CheckpointStore checkpoint;
    private final Duration checkpointInterval;
    private final Listener listener;
    private final Consumer<String> notes;
    private final StageCache cache;

    private RunRequest(Builder b) {
        this.settings = b.settings;
        this.content = b.content;
        this.styles = List.copyOf(b.styles);
        this.init = b.init;
        this.guide = b.guide;
        this.checkpoint = b.checkpoint;
        this.checkpointInterval = b.checkpointInterval;
        this.listener = Objects.requireNonNull(b.listener, "listener");
        this.notes = Objects.requireNonNull(b.notes, "notes");
        this.cache = b.cache;
        check();
    }

    /** A request to be checked against {@code settings}; {@link StyleTransfer#request()} gives one for its own. */
    public static Builder builder(Settings settings) {
        return new Builder(Objects.requireNonNull(settings, "settings"));
    }

    /** The settings this request was checked against. */
    public Settings settings() {
        return settings;
    }

    /** The photo; null for a texture (no content layers). */
    public Image content() {
        return content;
    }

    /** The paintings with their masks; empty when the settings have no style layers. */
    public List<StyleImage> styles() {
        return styles;
    }

    /** The starting image when {@link Settings#init()} is an {@link Init.FromImage}; else null or unused. */
    public Image init() {
        return init;
    }

    /** What a video frame is held to; null for a still image. */
    public TemporalGuide guide() {
        return guide;
    }

    /** Where the run saves its state and goes on from; null for no checkpoints. */
    public CheckpointStore checkpoint() {
        return checkpoint;
    }

    /** How often the run saves its state, when it has a checkpoint. */
    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public Listener listener() {
        return listener;
    }

    /** Told what the plan decided that the user should know (tiles, fewer pairs, a resume), one line each. */
    public Consumer<String> notes() {
        return notes;
    }

    /** What this run shares with the other runs of its clip; null for none. */
    public StageCache cache() {
        return cache;
    }

    /**
     * Deletes the checkpoint, if there is one: once the run's result is safely written, or before
     * the run to start it over.
     */
    public void discardCheckpoint() {
        if (checkpoint != null) {
            try {
                checkpoint.delete();
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete the checkpoint " + checkpoint.name() + " ("
                        + e.getMessage() + "): check that its folder can be written, or delete it yourself", e);
            }
        }
    }

    /** The one check of a run's inputs against its settings. */
    private void check() {
        if (!settings.lossSpec().contentLayers().isEmpty() && content == null) {
            throw new RunRequestException(RunRequestException.Kind.NO_CONTENT, "content layers are set but no content"
                    + " image was given: give the photo, or set no content layers to make a texture");
        }
        if (!settings.lossSpec().styleLayers().isEmpty() && styles.isEmpty()) {
            throw new RunRequestException(RunRequestException.Kind.NO_STYLE, "style layers are set but no style image"
                    + " was given: give a painting, or set no style layers to rebuild the photo from its features");
        }
        if (settings.init() instanceof Init.FromImage image && init == null) {
            throw new RunRequestException(RunRequestException.Kind.NO_INIT_IMAGE, "init is the image "
                    + image.location() + ", but no starting image was given: read it and give it as the request's"
                    + " init");
        }
        if (settings.init() instanceof Init.Content && content == null) {
            throw new RunRequestException(RunRequestException.Kind.INIT_CONTENT_WITHOUT_CONTENT, "init is 'content'"
                    + " but there is no content image: give the photo, or start from noise");
        }
        if (settings.colors() != Colors.STYLE && content == null) {
            throw new RunRequestException(RunRequestException.Kind.COLORS_WITHOUT_CONTENT, "colors "
                    + settings.colors() + " keeps the photo's colors and needs a content image: use colors style for"
                    + " a texture");
        }
        if (guide != null && checkpoint != null) {
            throw new RunRequestException(RunRequestException.Kind.CHECKPOINTED_FRAME, "a video frame is not"
                    + " checkpointed on its own (the video keeps its painted frames): give the frame's request no"
                    + " checkpoint file");
        }
        StyleTargets.check(styles, settings);
    }

    /** Builds a {@link RunRequest}; {@link #build} checks it. */
    public static final class Builder {
        private final Settings settings;
        private Image content;
        private List<StyleImage> styles = List.of();
        private Image init;
        private TemporalGuide guide;
        private CheckpointStore checkpoint;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private Listener listener = Listener.NONE;
        private Consumer<String> notes = note -> { };
        private StageCache cache;

        private Builder(Settings settings) {
            this.settings = settings;
        }

        /** The photo to paint; none for a texture. */
        public Builder content(Image photo) {
            content = photo;
            return this;
        }

        /** One painting, for the whole image. */
        public Builder style(Image painting) {
            styles = List.of(StyleImage.of(Objects.requireNonNull(painting, "painting")));
            return this;
        }

        /**
         * The paintings, with their masks if any: blended by {@link Settings#styleBlend()} when they
         * have no masks, or each in its mask's region (Gatys et al. 2017).
         */
        public Builder styles(List<StyleImage> paintings) {
            styles = List.copyOf(paintings);
            return this;
        }

        /** The starting image, read from where {@link Settings#init()}'s {@link Init.FromImage} says. */
        public Builder init(Image start) {
            init = start;
            return this;
        }

        /**
         * Holds a video frame to the earlier painted frames (Ruder et al. 2016). A video starts each
         * frame after the first from the previous painted frame warped to it: give that as {@link #init}.
         */
        public Builder guide(TemporalGuide temporal) {
            guide = temporal;
            return this;
        }

        /**
         * Saves the run's state to {@code file} every {@code interval} of optimization (null: every
         * {@link #DEFAULT_CHECKPOINT_INTERVAL}) and when the listener stops the run, and goes
         * on from it when it already holds a checkpoint of the same run (a
         * {@link CheckpointMismatchException} otherwise). A null file turns checkpoints off.
         */
        public Builder checkpoint(Path file, Duration interval) {
            return checkpoint(CheckpointStore.file(file), interval);
        }

        /** As {@link #checkpoint(Path, Duration)}, the checkpoint kept in {@code store}; null turns them off. */
        public Builder checkpoint(CheckpointStore store, Duration interval) {
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                throw new IllegalArgumentException("the checkpoint interval must be positive, got " + interval);
            }
            checkpoint = store;
            checkpointInterval = interval == null ? DEFAULT_CHECKPOINT_INTERVAL : interval;
            return this;
        }

        /** Told about every iteration; it can stop the run. Called on the thread that runs. */
        public Builder listener(Listener l) {
            listener = l;
            return this;
        }

        /** Where to tell what the plan decided, e.g. "2048x1536 in 12 tiles of 672x672". */
        public Builder notes(Consumer<String> n) {
            notes = n;
            return this;
        }

        /**
         * Shares targets and graphs with the other runs of a clip through {@code shared} (see
         * {@link StageCache}); the result is the same as without.
         */
        public Builder cache(StageCache shared) {
            cache = shared;
            return this;
        }

        /**
         * @throws RunRequestException when an image the settings need is missing, or a video frame has a
         *                             checkpoint file
         * @throws StyleInputException when the paintings, masks and blend weights do not go together
         * @throws SettingsException   when the style loss cannot take these paintings or masks
         */
        public RunRequest build() {
            return new RunRequest(this);
        }
    }
}
