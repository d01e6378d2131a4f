package io.neuralstyle.cli;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.image.Resize;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.video.ClipReader;
import io.neuralstyle.video.VideoBenchmark;
import io.neuralstyle.video.VideoException;
import io.neuralstyle.video.VideoSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code neural-style bench video}: how much less a clip flickers with the temporal term, at what cost. */
@Command(name = "video", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Paints the first frames of a clip three ways (each frame from noise; each from the previous"
            + " result; warped start and temporal term, as 'neural-style video' does) and prints each way's warping"
            + " error (Lai et al. 2018: mean squared difference from the previous painted frame warped to it, over"
            + " the pixels the flow's consistency check keeps, in 0..1 units), mean style loss and seconds per"
            + " frame, as a Markdown table; and per scene, when the clip has hard cuts.", ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  neural-style bench video --input clip.mp4 --style painting.jpg",
            "      the three ways on the clip's first frames",
            "  neural-style bench video --input frames/ --style painting.jpg --long-term",
            "      with the long-term temporal term too"})
final class VideoBenchCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "CLIP", description = "A video file or a folder of frames.")
    Path input;

    @Option(names = "--style", required = true, paramLabel = "FILE", description = "The painting.")
    Path style;

    @Option(names = "--size", paramLabel = "PIXELS", description = "Longest side. Default: ${DEFAULT-VALUE}.")
    int size = 128;

    @Option(names = "--frames", paramLabel = "N", description = "How many frames, from the first. Default: ${DEFAULT-VALUE}.")
    int frames = 8;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Iterations of the first frame, and of every frame painted from noise. Default: ${DEFAULT-VALUE}.")
    int iterations = 200;

    @Option(names = "--temporal-weight", paramLabel = "TAU", split = ",",
            description = "The temporal weight; several, comma-separated, add a row each. Default: ${DEFAULT-VALUE}.")
    List<Double> temporalWeights = new ArrayList<>(List.of(VideoSettings.defaults().temporalWeight()));

    @Option(names = "--frame-iterations", paramLabel = "N", split = ",",
            description = "Iterations of each later frame; several, comma-separated, add rows each. Default: ${DEFAULT-VALUE}.")
    List<Integer> frameIterations = new ArrayList<>(List.of(VideoSettings.defaults().frameIterations()));

    @Option(names = "--long-term", description = "Hold each frame to frames t-1, t-2 and t-4, as 'neural-style video"
            + " --long-term' does, not to t-1 alone.")
    boolean longTerm;

    @Option(names = "--keep-frames", paramLabel = "FOLDER",
            description = "Also write every painted frame there, as METHOD[-ITERATIONS[-TAU]]-K.png.")
    Path keepFrames;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (frames < 2) {
            throw new UserException("--frames must be 2 or more: the warping error compares frames in pairs");
        }
        for (int n : frameIterations) {
            for (double tau : temporalWeights) {
                try {
                    new VideoSettings(tau, n, longTerm, VideoSettings.DEFAULT_FRAME_RATE);
                } catch (IllegalArgumentException e) {
                    throw new UserException(e.getMessage());
                }
            }
        }
        List<Image> photos = new ArrayList<>();
        try (ClipReader clip = ClipReader.open(input)) {
            for (Image f = clip.next(); f != null && photos.size() < frames; f = clip.next()) {
                int[] wh = Resize.longestSide(f, size);
                photos.add(Resize.to(f, wh[0], wh[1]));
            }
        } catch (VideoException e) {
            throw new UserException(e.getMessage());
        }
        if (photos.size() < 2) {
            throw new UserException(input + " has fewer than 2 frames: give a longer clip");
        }
        List<StyleImage> styles = List.of(StyleImage.of(ImageReader.read(style)));
        Settings settings = common.applyTo(Settings.builder().size(size).iterations(iterations)).build();
        var weights = common.loadWeights();
        System.out.printf(Locale.ROOT, "%d frames of %s at %dx%d, %d iterations for the first (and each from noise),"
                + " temporal term over %s%n%n", photos.size(), input.getFileName(), photos.get(0).width(),
                photos.get(0).height(), iterations, longTerm ? "frames t-1, t-2 and t-4" : "frame t-1");
        System.out.println("| method | frame iterations | temporal weight | warping error | style loss | s/frame"
                + " | flow s/frame |");
        System.out.println("|---|---|---|---|---|---|---|");
        // Frames painted from noise depend on neither the frame iterations nor the temporal weight; frames
        // from the previous result depend on the iterations only.
        List<VideoBenchmark.Method> methods = new ArrayList<>(List.of(VideoBenchmark.Method.values()));
        List<String> sceneRows = new ArrayList<>();
        for (int n : frameIterations) {
            for (double tau : temporalWeights) {
                VideoSettings video = new VideoSettings(tau, n, longTerm, VideoSettings.DEFAULT_FRAME_RATE);
                for (VideoBenchmark.Row r : VideoBenchmark.run(weights, settings, video, photos, styles, methods,
                        line -> { if (!common.quiet) { System.err.print("\r" + line + "   "); } })) {
                    System.err.print(common.quiet ? "" : "\r");
                    boolean temporal = r.method() == VideoBenchmark.Method.TEMPORAL;
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %.5f | %.4f | %.2f | %s |%n", r.method().label,
                            r.method() == VideoBenchmark.Method.INDEPENDENT ? "-" : String.valueOf(n),
                            temporal ? String.valueOf(tau) : "-", r.warpingError(), r.styleLoss(),
                            r.secondsPerFrame(), temporal ? String.format(Locale.ROOT, "%.4f", r.flowSecondsPerFrame())
                                    : "-");
                    keep(r, n, tau);
                    for (VideoBenchmark.Scene scene : r.scenes()) {
                        if (r.scenes().size() > 1) {
                            sceneRows.add(String.format(Locale.ROOT, "| %s | %s | %s | %d-%d | %.5f | %.4f |",
                                    r.method().label, temporal || r.method() == VideoBenchmark.Method.PREVIOUS
                                            ? String.valueOf(n) : "-", temporal ? String.valueOf(tau) : "-",
                                    scene.first(), scene.last(), scene.warpingError(), scene.styleLoss()));
                        }
                    }
                }
                methods = List.of(VideoBenchmark.Method.TEMPORAL);
            }
            methods = List.of(VideoBenchmark.Method.PREVIOUS, VideoBenchmark.Method.TEMPORAL);
        }
        if (!sceneRows.isEmpty()) {
            System.out.println();
            System.out.println("Per scene (a hard cut begins one; the pair of frames across it is counted in"
                    + " neither):");
            System.out.println();
            System.out.println("| method | frame iterations | temporal weight | frames | warping error | style loss |");
            System.out.println("|---|---|---|---|---|---|");
            sceneRows.forEach(System.out::println);
        }
        return 0;
    }

    private void keep(VideoBenchmark.Row r, int frameIterations, double tau) {
        if (keepFrames == null) {
            return;
        }
        try {
            Files.createDirectories(keepFrames);
        } catch (IOException e) {
            throw new UserException("cannot create --keep-frames " + keepFrames + ": " + e.getMessage());
        }
        String name = r.method().name().toLowerCase(Locale.ROOT)
                + (r.method() == VideoBenchmark.Method.INDEPENDENT ? "" : "-" + frameIterations)
                + (r.method() == VideoBenchmark.Method.TEMPORAL ? "-" + tau : "");
        for (int k = 0; k < r.frames().size(); k++) {
            ImageWriter.writePng(r.frames().get(k), keepFrames.resolve(name + "-" + (k + 1) + ".png"), Map.of());
        }
    }
}
