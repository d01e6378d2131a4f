package io.neuralstyle.cli;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Init;
import io.neuralstyle.transfer.RunPlan;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.StagePace;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.video.ClipReader;
import io.neuralstyle.video.ClipWriter;
import io.neuralstyle.video.FrameProgress;
import io.neuralstyle.video.VideoException;
import io.neuralstyle.video.VideoQuality;
import io.neuralstyle.video.VideoSettings;
import io.neuralstyle.video.VideoTransfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code neural-style video}: paints a clip without flicker (Ruder et al. 2016). */
@Command(name = "video", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Paints a video clip in the style of a painting, frame by frame, without flicker: each frame"
            + " after the first starts from the previous painted frame warped along the optical flow and is held to"
            + " it (Ruder, Dosovitskiy and Brox, \"Artistic style transfer for videos\", 2016).", ""},
        footerHeading = "%n",
        footer = {"Each painted frame is kept in OUTPUT.frames/ until the clip is written: run the same command again"
                + " after a crash or Ctrl-C and it goes on at the next frame. Exit codes: 0 done, 1 error, 2 bad"
                + " options, 130 stopped by Ctrl-C.",
            "",
            "Examples:",
            "  neural-style video --input clip.mp4 --style painting.jpg --output painted.mp4",
            "      the clip at 512 px, its frame rate and sound kept",
            "  neural-style video --input frames/ --style painting.jpg --output painted/",
            "      numbered PNG or JPEG frames in, numbered PNG frames out"})
final class VideoCommand implements Callable<Integer> {
    /** The iteration of each frame at which a log (not a terminal) gets the frame's line. */
    static final int LOG_AT_ITERATION = 20;

    /**
     * Whether a log gets this iteration's line, when its frame has had none: once the frame's time left
     * has settled. At a frame's second iteration the pace is one iteration's, and the first frame's said
     * twice the time the run then took (256 px, 5 frames).
     */
    static boolean logs(FrameProgress p) {
        return p.iteration().iteration() >= Math.min(LOG_AT_ITERATION, p.iteration().iterations())
                && !Double.isNaN(p.secondsLeft());
    }

    @Option(names = "--input", required = true, paramLabel = "CLIP",
            description = "The clip: a video file (MP4, MOV, MKV, WebM...) or a folder of numbered PNG/JPEG frames.")
    Path input;

    @Option(names = "--style", required = true, paramLabel = "FILE",
            description = "The painting whose style to use; repeat it for several (blended).")
    List<Path> styles;

    @Option(names = "--output", required = true, paramLabel = "CLIP",
            description = "Where to write: a video file (.mp4, .mov, .mkv, .webm), an animated .gif (no sound) or a folder for numbered PNG frames.")
    Path output;

    @Option(names = "--temporal-weight", paramLabel = "TAU",
            description = "How strongly each frame is held to the previous painted one; 0 paints every frame apart,"
                    + " each as a single picture (from the start --init names, with --iterations and its scales)."
                    + " Default: ${DEFAULT-VALUE}.")
    double temporalWeight = VideoSettings.defaults().temporalWeight();

    @Option(names = "--frame-iterations", paramLabel = "N",
            description = "Iterations of each frame after the first (which gets --iterations and the coarser"
                    + " scales). Default: ${DEFAULT-VALUE}.")
    int frameIterations = VideoSettings.defaults().frameIterations();

    @Option(names = "--long-term", description = "Hold each frame to frames t-1, t-2 and t-4, not to t-1 alone.")
    boolean longTerm;

    @Option(names = "--frame-rate", paramLabel = "FPS",
            description = "Frames per second of a video made from a folder of frames. Default: ${DEFAULT-VALUE}.")
    double frameRate = VideoSettings.defaults().frameRate();

    @Option(names = "--video-quality", paramLabel = "high|medium|small",
            description = "How an .mp4, .mov, .mkv or .webm is encoded: high (the most faithful), medium (about"
                    + " 25 to 60% smaller) or small (about 45 to 75% smaller, fine strokes soften);"
                    + " a GIF or a folder of frames does not change with it. Default: ${DEFAULT-VALUE}.")
    String videoQuality = VideoSettings.defaults().quality().toString();

    @Option(names = "--frames", paramLabel = "START:COUNT",
            description = "Paint only COUNT frames from frame START (from 1; COUNT 0 or left out: to the end), as a"
                    + " clip of its own (numbered from 1; a video part from later on has no sound), to paint a long"
                    + " clip in parts or on several machines. Frame START is painted as a first frame.")
    String frameRange;

    @Option(names = "--accept-short", description = "Paint a video of which fewer frames decode than it announces"
            + " (cut short or damaged) instead of refusing it.")
    boolean acceptShort;

    @Option(names = "--work", paramLabel = "FOLDER",
            description = "Where to keep the painted frames until the clip is written. Default: OUTPUT.frames.")
    Path work;

    @Option(names = "--dry-run", description = "Print what the run would do (frames, each stage of the first"
            + " frame and of the later ones) and how long it should take on this machine, then stop: nothing is"
            + " painted or written.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    /** Every setting of the core's table but those in {@link CommonOptions}, as --KEY options. */
    @Mixin
    SettingOptions settingOptions = SettingOptions.allBut(CommonOptions.NETWORK);

    @Mixin
    CommonOptions common;

    /** The run's last line: what was written, or where it stopped and how to go on. */
    static String lastLine(VideoTransfer.Outcome outcome) {
        return outcome.stopped()
                ? String.format(Locale.ROOT, "stopped after %d frames (%.0f s); run the same command again to go on",
                        outcome.frames(), outcome.seconds())
                : String.format(Locale.ROOT, "wrote %s: %d frames in %.0f s", outcome.output(), outcome.frames(),
                        outcome.seconds());
    }

    /** "frame 3 of 24, iteration 20 of 100, 2m10s left, 4.5 frames/min". */
    static String progressLine(FrameProgress p) {
        return String.format(Locale.ROOT, "frame %d of %d, iteration %d of %d", p.frame(), p.frames(),
                p.iteration().iteration(), p.iteration().iterations())
                + (Double.isNaN(p.secondsLeft()) ? "" : ", " + ProgressDisplay.duration(p.secondsLeft()) + " left")
                + (Double.isNaN(p.framesPerMinute()) ? "" : String.format(Locale.ROOT, ", %.1f frames/min",
                        p.framesPerMinute()));
    }

    /** The dry run's lines: the frames, the first frame's plan and a later one's, the time on this machine. */
    private static void printPlan(VideoTransfer.ClipPlan plan, Weights weights) {
        RunPlan.Stage last = plan.first().last();
        System.out.printf(Locale.ROOT, "%d frames at %dx%d%n", plan.frames(), last.width(), last.height());
        plan.first().describe().forEach(line -> System.out.println("frame 1: " + line));
        plan.first().notes().forEach(System.out::println);
        boolean apart = plan.later() == plan.first();
        if (!apart) {
            plan.later().describe().forEach(line -> System.out.println("each later frame: " + line));
        }
        StagePace firstPace = StagePace.measure(weights, plan.firstSettings(), plan.first());
        StagePace laterPace = apart ? firstPace : StagePace.measure(weights, plan.laterSettings(), plan.later());
        double first = plan.first().estimateSeconds(plan.firstSettings(), firstPace);
        double later = apart ? first : plan.later().estimateSeconds(plan.laterSettings(), laterPace);
        System.out.printf(Locale.ROOT, "time: about %s for %d frames (frame 1 about %s, %s about %s, at this"
                + " machine's measured pace), plus a few seconds per frame for its targets and flow; a scene cut"
                + " paints a first frame again%n", ProgressDisplay.duration(plan.estimateSeconds(firstPace, laterPace)),
                plan.frames(), ProgressDisplay.duration(first), apart ? "every other frame, painted apart,"
                        : "each later one", ProgressDisplay.duration(later));
    }

    @Override
    public Integer call() {
        VideoSettings video;
        try {
            int[] range = frameRange == null ? new int[] {1, 0} : VideoSettings.parseFrames(frameRange);
            video = new VideoSettings(temporalWeight, frameIterations, longTerm, frameRate, acceptShort, range[0],
                    range[1], VideoQuality.parse(videoQuality));
        } catch (IllegalArgumentException e) {
            // A value out of range is a bad option, as the footer says: exit 2, like a misspelt one.
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Settings settings = common.applyTo(settingOptions.applyTo(Settings.builder())).build();
        List<StyleImage> styleImages = new ArrayList<>();
        for (Path s : styles) {
            styleImages.add(StyleImage.of(ImageReader.read(s)));
        }
        Image start = settings.init() instanceof Init.FromImage image ? ImageReader.read(Path.of(image.location()))
                : null;
        try (ClipReader clip = ClipReader.open(input)) {
            // Refused here, before minutes of loading: a clip that cannot be read, an output that cannot be made.
            if (!ClipWriter.isFolder(output)) {
                ClipWriter.checkVideoName(output);
            }
        } catch (VideoException e) {
            throw new UserException(e.getMessage());
        }
        Weights vgg = common.loadWeights();
        Path folder = work != null ? work : output.resolveSibling(output.getFileName() + ".frames");
        boolean quiet = common.quiet;
        VideoTransfer transfer = new VideoTransfer(vgg, settings, video, note -> {
            if (!quiet) {
                System.err.println(note);
            }
        }, "neural-style");
        if (dryRun) {
            try {
                printPlan(transfer.plan(input, styleImages), vgg);
            } catch (VideoException e) {
                throw new UserException(e.getMessage());
            }
            return 0;
        }
        StopOnSignal stop = StopOnSignal.install("stopping after this iteration; the frames done are kept...");
        try {
            int[] shown = {0};
            boolean terminal = Terminal.stderr();
            VideoTransfer.Outcome outcome = transfer.run(input, styleImages, start, output, folder, p -> {
                boolean newFrame = p.frame() != shown[0];
                // On a terminal one redrawn line; in a log, a line per frame.
                if (!quiet && (terminal ? newFrame || p.iteration().iteration() % 20 == 0 : newFrame && logs(p))) {
                    shown[0] = p.frame();
                    System.err.print((terminal ? "\r" : "") + progressLine(p) + (terminal ? "   " : "\n"));
                }
                return !StopOnSignal.requested();
            });
            if (!quiet) {
                if (terminal) {
                    System.err.println();
                }
                System.err.println(VideoCommand.lastLine(outcome));
            }
            return outcome.stopped() ? 130 : 0;
        } catch (VideoException e) {
            throw new UserException(e.getMessage());
        } finally {
            stop.finished();
        }
    }
}
