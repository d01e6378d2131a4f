package io.neuralstyle.video;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.OutputLock;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Fingerprint;
import io.neuralstyle.transfer.Init;
import io.neuralstyle.transfer.Listener;
import io.neuralstyle.transfer.Result;
import io.neuralstyle.transfer.ResultText;
import io.neuralstyle.transfer.RunPlan;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.StageCache;
import io.neuralstyle.transfer.StagePace;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.transfer.StyleTransfer;
import io.neuralstyle.transfer.TemporalGuide;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Paints a clip frame by frame without flicker (Ruder, Dosovitskiy and Brox 2016), on the core's run:
 * the first frame as a still image with the full schedule; every later frame starts from the
 * previous painted frame warped to it along the optical flow (filled from the painted pixels around
 * where the flow found an occlusion) and is held to it by the temporal term, so it needs far fewer
 * iterations. A frame that begins a new scene ({@link SceneCut}) is painted as a first frame; with a
 * temporal weight of 0 every frame is painted apart, as a single picture.
 *
 * <p>Each painted frame is written to a work folder as soon as it is done ({@link FrameStore}): a run
 * killed at any point takes up at the next frame. Only the last few frames are kept in memory, so
 * memory does not grow with the clip's length. The clip is written when every frame is done.
 */
public final class VideoTransfer {
    /** The fingerprint's name for the clip's bytes. */
    static final String CLIP = "clip";
    /** Where every frame after the first starts: an image made in memory, so named, not read. */
    static final Init WARPED_FRAME = Init.image("the previous painted frame, warped to this one");
    private final Weights weights;
    private final Settings settings;
    private final VideoSettings video;
    private final Consumer<String> notes;
    private final String program;

    /**
     * @param settings the still-image settings: the first frame's; later frames take them with
     *                 {@link VideoSettings#frameIterations()} at the full size, from the warped frame
     * @param program  what to name as the writer in each frame's PNG text (e.g. "neural-style 0.1.0")
     */
    public VideoTransfer(Weights weights, Settings settings, VideoSettings video, Consumer<String> notes,
            String program) {
        this.weights = weights;
        this.settings = settings;
        this.video = video;
        this.notes = notes;
        this.program = program;
    }

    /** How a run ended: the frames painted (all of them unless stopped), the time, where the clip is. */
    public record Outcome(int frames, int paintedNow, double seconds, boolean stopped, Path output) {
    }

    /** Told about every iteration of every frame; returns false to stop after that iteration. */
    @FunctionalInterface
    public interface FrameListener {
        boolean onIteration(FrameProgress progress);
    }

    /**
     * Paints {@code input} (a video file or a folder of numbered frames) in the given styles into
     * {@code output} (a video file, chosen by its extension, or a folder), keeping each frame in
     * {@code work} until the clip is written; then {@code work} is deleted. With
     * {@link VideoSettings#firstFrame()} and {@link VideoSettings#frameCount()} only that part of the
     * clip is painted and written (its frames numbered from 1; a video part from later on has no sound). Stopped by the listener,
     * the run leaves {@code work} for the next run to take up and writes no output.
     *
     * @param init where each frame painted as a single picture (the first, those after a scene cut,
     *             every frame with a temporal weight of 0) starts, when the settings' init is an
     *             image ({@link Init.FromImage}); else null
     */
    public Outcome run(Path input, List<StyleImage> styles, Image init, Path output, Path work, FrameListener listener) {
        if (settings.init() instanceof Init.FromImage image && init == null) {
            throw new IllegalArgumentException("init is the image " + image.location() + ", but no starting image"
                    + " was given: read it and give it to run");
        }
        boolean toFolder = ClipWriter.isFolder(output);
        if (!toFolder) {
            ClipWriter.checkVideoName(output);
        }
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new VideoException("the output " + output + " is the input: give another output name");
        }
        long start = System.nanoTime();
        OutputLock outputLock = lock(output, "output");
        OutputLock workLock = null;
        // The frames share their style targets and graphs: without, each frame builds them again.
        try (ClipReader clip = ClipReader.open(input); StageCache cache = new StageCache()) {
            workLock = lock(work, "work folder");
            int frames = framesToPaint(input);
            int skip = video.firstFrame() - 1;
            Image first = firstToPaint(clip, input);
            StyleTransfer still = StyleTransfer.builder().weights(weights).settings(settings).build();
            RunPlan plan = still.plan(first, styles);
            int width = plan.last().width();
            int height = plan.last().height();
            Settings later = laterSettings(width, height);
            StyleTransfer next = StyleTransfer.builder().weights(weights).settings(later).build();
            FrameStore store = FrameStore.open(work, fingerprint(settings, weights, video, input, styles, init));
            int done = store.done();
            if (done > 0) {
                notes.accept("going on from frame " + (skip + done + 1) + " (" + done + " done in " + work + ")");
            }
            double laterToFirst = video.apart() ? 1
                    : next.plan(Resize.to(first, width, height), styles).estimateSeconds(later, 1)
                    / plan.estimateSeconds(settings, 1);
            Painter painter = new Painter(frames, laterToFirst, listener);
            // Frames t-1, t-2, t-4 back: the photo as the flow sees it and the painted frame.
            Deque<Image> photos = new ArrayDeque<>();
            Deque<Image> painted = new ArrayDeque<>();
            int keep = video.earlierFrames()[video.earlierFrames().length - 1];
            int k = 0;
            int paintedNow = 0;
            for (Image frame = first; frame != null && k < frames; frame = clip.next()) {
                k++;
                Image photo = Resize.to(frame, width, height);
                Image result;
                if (k <= done) {
                    result = store.read(k);
                } else {
                    Result r;
                    TemporalGuide guide = guideFor(k, photo, photos, painted, notes);
                    if (guide == null) {
                        // Only a still frame tells its plan's notes: a later frame's would repeat them every frame.
                        r = still.run(still.request().content(photo).styles(styles).init(init).notes(notes)
                                .cache(cache).listener(painter.listener(k, true)).build());
                    } else {
                        r = next.run(next.request().content(photo).styles(styles).init(start(photo, guide))
                                .guide(guide).cache(cache).listener(painter.listener(k, false)).build());
                    }
                    if (r.stopped()) {
                        return new Outcome(k - 1, paintedNow, seconds(start), true, null);
                    }
                    store.write(k, r.image(), ResultText.of(program, "video frame " + k + " of " + input,
                            "temporal-weight=" + video.temporalWeight()));
                    painter.frameDone(guide == null && !video.apart());
                    paintedNow++;
                    result = store.read(k);
                }
                photos.addFirst(photo);
                painted.addFirst(result);
                if (photos.size() > keep) {
                    photos.removeLast();
                    painted.removeLast();
                }
            }
            if (toFolder) {
                ClipWriter.writeFolder(store.frames(k), output);
            } else {
                double rate = clip.frameRate() > 0 ? clip.frameRate() : video.frameRate();
                // The sound starts with the clip's first frame: a part from later on goes without.
                boolean sound = Files.isRegularFile(input) && skip == 0;
                ClipWriter.writeVideo(store.frames(k), rate, sound ? input : null, output, video.quality());
            }
            store.delete();
            return new Outcome(k, paintedNow, seconds(start), false, output);
        } finally {
            unlock(workLock);
            unlock(outputLock);
        }
    }

    /**
     * The number of frames to paint, found by reading the clip through once before painting: frames of
     * mixed sizes are refused here, not when reached; a video of which fewer frames decode than its
     * header announces is refused unless {@link VideoSettings#acceptShort()}, and noted then.
     */
    private int checkedFrames(Path input) {
        ClipReader.Survey survey = ClipReader.survey(input);
        if (survey.cutShort()) {
            String what = input + ": only " + survey.decoded() + " of the " + survey.announced()
                    + " frames its header announces decode (cut short or damaged?)";
            if (!video.acceptShort()) {
                throw new VideoException(what + "; copy or export it again, or give --accept-short to paint the "
                        + survey.decoded() + " that do");
            }
            notes.accept(what + "; painting those " + survey.decoded());
        }
        return survey.decoded();
    }

    /**
     * What a run of a clip would do, for a dry run: how many frames it paints, the first frame's plan and
     * a later frame's (at the full size, from the warped frame), read from the clip's frames.
     *
     * @param first       the first frame's plan and settings
     * @param later       each later frame's plan and settings: the first's again when frames are painted apart
     */
    public record ClipPlan(int frames, RunPlan first, Settings firstSettings, RunPlan later, Settings laterSettings) {
        /**
         * The seconds the frames' iterations should take at these paces, targets, graphs and flows aside;
         * a scene cut paints one first frame more.
         */
        public double estimateSeconds(StagePace firstPace, StagePace laterPace) {
            return first.estimateSeconds(firstSettings, firstPace)
                    + (frames - 1) * later.estimateSeconds(laterSettings, laterPace);
        }
    }

    /** The plan of a run of {@code input}, as {@link #run} would paint it; nothing is painted or written. */
    public ClipPlan plan(Path input, List<StyleImage> styles) {
        try (ClipReader clip = ClipReader.open(input)) {
            int frames = framesToPaint(input);
            Image first = firstToPaint(clip, input);
            StyleTransfer still = StyleTransfer.builder().weights(weights).settings(settings).build();
            RunPlan plan = still.plan(first, styles);
            if (video.apart()) {
                return new ClipPlan(frames, plan, settings, plan, settings);
            }
            Settings later = laterSettings(plan.last().width(), plan.last().height());
            RunPlan laterPlan = StyleTransfer.builder().weights(weights).settings(later).build()
                    .plan(Resize.to(first, plan.last().width(), plan.last().height()), styles);
            return new ClipPlan(frames, plan, settings, laterPlan, later);
        }
    }

    /** A later frame's settings: the first's at its full size only, from the warped frame, with the frame iterations. */
    private Settings laterSettings(int width, int height) {
        return settings.toBuilder().size(Math.max(width, height)).init(WARPED_FRAME).scaleIterations(List.of())
                .iterations(video.frameIterations()).build();
    }

    /** How many frames the run paints: the clip's, or the part {@code --frames} names, checked against it. */
    private int framesToPaint(Path input) {
        int frames = checkedFrames(input);
        int skip = video.firstFrame() - 1;
        if (skip >= frames) {
            throw new VideoException(input + " has " + frames + " frames: give --frames a START of at most " + frames);
        }
        if (video.frameCount() > 0 && skip + video.frameCount() > frames) {
            notes.accept(input + " ends at frame " + frames + ": painting frames " + (skip + 1) + " to " + frames);
        }
        return video.frameCount() > 0 ? Math.min(frames - skip, video.frameCount()) : frames - skip;
    }

    /** The first frame the run paints, read from {@code clip} past the frames before the part painted. */
    private Image firstToPaint(ClipReader clip, Path input) {
        for (int i = 0; i < video.firstFrame() - 1; i++) {
            clip.next();
        }
        Image first = clip.next();
        if (first == null) {
            throw new VideoException(input + " has no frames: give a clip with at least one frame");
        }
        return first;
    }

    /**
     * Where a frame starts: the previous painted frame warped to it (the guide's nearest frame), filled
     * where the flow found that warp not to be trusted from the trusted painted pixels around
     * ({@link HoleFill}); the photo when none is trusted.
     */
    static Image start(Image photo, TemporalGuide guide) {
        TemporalGuide.Frame previous = guide.frames().get(0);
        Image filled = HoleFill.fill(previous.image(), previous.weights());
        return filled != null ? filled : photo;
    }

    /**
     * What frame {@code k} (1 for the first) is held to, from the frames before it (nearest first):
     * null when it is painted as a first frame, as the first is, every frame painted apart is, and a
     * frame that begins a new scene ({@link SceneCut}, which {@code notes} is told of).
     */
    TemporalGuide guideFor(int k, Image photo, Deque<Image> photos, Deque<Image> painted, Consumer<String> notes) {
        if (k == 1 || video.apart()) {
            return null;
        }
        TemporalGuide guide = guide(photo, photos, painted);
        if (SceneCut.at(guide)) {
            notes.accept(String.format(java.util.Locale.ROOT, "frame %d: a scene cut (%.0f%% of it follows from"
                    + " frame %d), painted as a first frame", k, 100 * SceneCut.trusted(guide), k - 1));
            // The frames kept stay: a resumed run, which reads them back, holds the same ones, and the
            // long-term check trusts next to nothing across the cut.
            return null;
        }
        return guide;
    }

    /**
     * The earlier painted frames warped to this one with their weights: frame t-1 alone (short-term),
     * or t-1, t-2, t-4 where each pixel counts from the nearest frame whose warp is trusted there and
     * not again from a farther one (the long-term rule, Ruder et al. eq. 8).
     */
    TemporalGuide guide(Image photo, Deque<Image> photos, Deque<Image> painted) {
        List<Image> photoList = new ArrayList<>(photos);
        List<Image> paintedList = new ArrayList<>(painted);
        int plane = photo.pixels();
        float[] covered = new float[plane];
        List<TemporalGuide.Frame> frames = new ArrayList<>();
        for (int j : video.earlierFrames()) {
            if (j > photoList.size()) {
                break;
            }
            Image earlier = photoList.get(j - 1);
            Flow backward = OpticalFlow.between(photo, earlier);
            float[] c = Consistency.weights(backward, OpticalFlow.between(earlier, photo));
            float[] weights = new float[3 * plane];
            for (int p = 0; p < plane; p++) {
                float w = Math.max(0, c[p] - covered[p]);
                covered[p] += w;
                weights[p] = w;
                weights[plane + p] = w;
                weights[2 * plane + p] = w;
            }
            frames.add(new TemporalGuide.Frame(Warp.backward(paintedList.get(j - 1), backward),
                    new Image(photo.width(), photo.height(), weights)));
        }
        return new TemporalGuide(video.temporalWeight(), frames);
    }

    /**
     * What a work folder must belong to: core's fingerprint of the first frame's run (every setting
     * that changes the result, the weights, the styles; not threads or memory), plus the clip's bytes
     * (not its name or modification time: a copied or touched clip is the same clip) and the video
     * settings that change the painted frames (not the frame rate or the video quality, which only the
     * written clip uses).
     */
    static Fingerprint fingerprint(Settings settings, Weights weights, VideoSettings video, Path input,
            List<StyleImage> styles, Image init) {
        Map<String, String> values = new LinkedHashMap<>(Fingerprint.of(settings, weights, null, styles, init).values());
        values.put(CLIP, ClipDigest.of(input));
        values.put("temporal-weight", Double.toString(video.temporalWeight()));
        values.put("frame-iterations", Integer.toString(video.frameIterations()));
        values.put("long-term", Boolean.toString(video.longTerm()));
        // The first frame of the part is painted as a first frame; how many follow changes none of them.
        values.put("first frame", Integer.toString(video.firstFrame()));
        return new Fingerprint(values);
    }

    /** Takes {@code path}'s lock, or refuses at once naming the process that holds it. */
    private static OutputLock lock(Path path, String what) {
        try {
            return OutputLock.acquire(path);
        } catch (OutputLock.HeldException e) {
            throw new VideoException("another run is writing the " + what + " " + path + " (" + e.holder()
                    + "): wait for it to finish, or give this one another " + what);
        } catch (IOException e) {
            throw new VideoException("cannot lock " + OutputLock.fileOf(path) + " (" + ClipReader.oneLine(e.getMessage())
                    + "): check that its folder can be written", e);
        }
    }

    private static void unlock(OutputLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            // The lock itself ends with this process; a lock file left behind is stale and taken over.
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Frame numbers, the time left and the pace for the listener. */
    private static final class Painter {
        private final int frames;
        private final FrameListener listener;
        /** A later frame's arithmetic against the first's, from their plans: the first frame's pace scales by it. */
        private final double laterToFirst;
        private final long runStart = System.nanoTime();
        private long frameStart;
        private int laterFramesTimed;
        private double laterFramesTotal;
        private int painted;

        Painter(int frames, double laterToFirst, FrameListener listener) {
            this.frames = frames;
            this.laterToFirst = laterToFirst;
            this.listener = listener;
        }

        Listener listener(int k, boolean asFirst) {
            frameStart = System.nanoTime();
            return progress -> {
                double thisFrame = progress.secondsLeft();
                double left = thisFrame + Math.max(0, frames - k) * laterFrameSeconds(thisFrame, asFirst);
                double minutes = (System.nanoTime() - runStart) / 60e9;
                double perMinute = painted == 0 ? Double.NaN : painted / minutes;
                return listener.onIteration(new FrameProgress(k, Math.max(frames, k), progress, left, perMinute));
            };
        }

        /** The later frames' mean so far; before one is timed, this frame's, scaled by the plans when it is a first. */
        private double laterFrameSeconds(double thisFrameLeft, boolean asFirst) {
            if (laterFramesTimed > 0) {
                return laterFramesTotal / laterFramesTimed;
            }
            double thisFrame = (System.nanoTime() - frameStart) / 1e9 + thisFrameLeft;
            return asFirst ? thisFrame * laterToFirst : thisFrame;
        }

        void frameDone(boolean first) {
            double s = (System.nanoTime() - frameStart) / 1e9;
            painted++;
            if (!first) {
                laterFramesTimed++;
                laterFramesTotal += s;
            }
        }
    }
}
