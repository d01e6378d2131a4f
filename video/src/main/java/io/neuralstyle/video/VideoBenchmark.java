package io.neuralstyle.video;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.LossMeter;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.StageCache;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.transfer.StyleTransfer;
import io.neuralstyle.transfer.TemporalGuide;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * How much less a clip flickers with the temporal term, at what cost in style: the same frames
 * painted three ways (each from noise, as still images; each from the previous painted frame without
 * warp or temporal term; and this project's method), each measured by its {@link WarpingError} on
 * the clip's own flow and by the mean style loss of its frames (float32, full size), over the whole
 * clip and per scene. A hard cut ({@link SceneCut}) ends a scene: the pair of frames across it is
 * not counted, and this method paints the frame after it as a first frame, as the video command does.
 */
public final class VideoBenchmark {
    /** The ways a clip is painted, for comparison. */
    public enum Method {
        /** Every frame a still image from noise, with the first frame's full schedule. */
        INDEPENDENT("each frame from noise"),
        /** Every later frame from the previous painted frame, not warped, no temporal term. */
        PREVIOUS("each from the previous result"),
        /** Ruder et al.: from the warped previous frame, held to it by the temporal term. */
        TEMPORAL("warped start + temporal term");

        public final String label;

        Method(String label) {
            this.label = label;
        }
    }

    /**
     * One method's figures: warping error (0..1 units squared), mean style loss, seconds per frame, of
     * which the flow's; and its painted frames, to look at.
     */
    public record Row(Method method, double warpingError, double styleLoss, double secondsPerFrame,
            double flowSecondsPerFrame, List<Image> frames, List<Scene> scenes) {
    }

    /** One scene's figures: frames {@code first} to {@code last} (1 for the clip's first), as {@link Row}'s. */
    public record Scene(int first, int last, double warpingError, double styleLoss) {
    }

    private VideoBenchmark() {
    }

    /**
     * Paints {@code photos} (the frames at the output size) each way and measures them.
     *
     * @param log told one line per painted frame
     */
    public static List<Row> run(Weights weights, Settings settings, VideoSettings video, List<Image> photos,
            List<StyleImage> styles, List<Method> methods, Consumer<String> log) {
        int size = Math.max(photos.get(0).width(), photos.get(0).height());
        Settings first = settings.toBuilder().size(size).build();
        Settings later = first.toBuilder().init(VideoTransfer.WARPED_FRAME).scaleIterations(List.of())
                .iterations(video.frameIterations()).build();
        StyleTransfer still = StyleTransfer.builder().weights(weights).settings(first).build();
        StyleTransfer next = StyleTransfer.builder().weights(weights).settings(later).build();
        VideoTransfer transfer = new VideoTransfer(weights, first, video, note -> { }, "benchmark");
        // Every method's first frame is the same still image from noise (the same settings, seed and
        // photo, and a run is deterministic): painted once, and its time counted in each method's.
        Image firstPainted = null;
        double firstSeconds = 0;
        List<List<Image>> paintedByMethod = new ArrayList<>();
        double[] secondsPerFrame = new double[methods.size()];
        double[] flowSecondsPerFrame = new double[methods.size()];
        for (int m = 0; m < methods.size(); m++) {
            Method method = methods.get(m);
            // Each way's frames share their targets and graphs, as the video command's do.
            try (StageCache cache = new StageCache()) {
                long start = System.nanoTime();
                double reused = 0;
                double flowSeconds = 0;
                List<Image> painted = new ArrayList<>();
                Deque<Image> recentPhotos = new ArrayDeque<>();
                Deque<Image> recentPainted = new ArrayDeque<>();
                for (int k = 0; k < photos.size(); k++) {
                    Image photo = photos.get(k);
                    Image result;
                    if (k == 0 && firstPainted != null) {
                        result = firstPainted;
                        reused = firstSeconds;
                    } else if (k == 0 || method == Method.INDEPENDENT) {
                        long s = System.nanoTime();
                        result = still.run(still.request().content(photo).styles(styles).cache(cache).build()).image();
                        if (k == 0) {
                            firstPainted = result;
                            firstSeconds = (System.nanoTime() - s) / 1e9;
                        }
                    } else if (method == Method.PREVIOUS) {
                        result = next.run(next.request().content(photo).styles(styles).init(painted.get(k - 1))
                                .cache(cache).build()).image();
                    } else {
                        long f = System.nanoTime();
                        TemporalGuide guide = transfer.guideFor(k + 1, photo, recentPhotos, recentPainted, note -> { });
                        flowSeconds += (System.nanoTime() - f) / 1e9;
                        result = guide == null
                                ? still.run(still.request().content(photo).styles(styles).cache(cache).build()).image()
                                : next.run(next.request().content(photo).styles(styles)
                                        .init(VideoTransfer.start(photo, guide)).guide(guide).cache(cache).build())
                                        .image();
                    }
                    painted.add(result);
                    recentPhotos.addFirst(photo);
                    recentPainted.addFirst(result);
                    if (recentPhotos.size() > 4) {
                        recentPhotos.removeLast();
                        recentPainted.removeLast();
                    }
                    log.accept(method.label + ": frame " + (k + 1) + " of " + photos.size());
                }
                paintedByMethod.add(List.copyOf(painted));
                secondsPerFrame[m] = ((System.nanoTime() - start) / 1e9 + reused) / photos.size();
                flowSecondsPerFrame[m] = flowSeconds / Math.max(1, photos.size() - 1);
            }
        }
        // The photos' flows and each photo's loss meter are the same for every method: made once.
        List<Flow[]> flows = new ArrayList<>();
        List<Integer> sceneStarts = new ArrayList<>(List.of(0));
        flows.add(null);
        for (int k = 1; k < photos.size(); k++) {
            Flow backward = OpticalFlow.between(photos.get(k), photos.get(k - 1));
            Flow forward = OpticalFlow.between(photos.get(k - 1), photos.get(k));
            flows.add(new Flow[] {backward, forward});
            if (SceneCut.between(backward, forward)) {
                sceneStarts.add(k);
            }
        }
        sceneStarts.add(photos.size());
        double[][] styleLosses = styleLosses(still, photos, styles, paintedByMethod);
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            List<Image> painted = paintedByMethod.get(m);
            WarpingError whole = new WarpingError();
            List<Scene> scenes = new ArrayList<>();
            for (int i = 0; i + 1 < sceneStarts.size(); i++) {
                int from = sceneStarts.get(i);
                int to = sceneStarts.get(i + 1);
                WarpingError scene = new WarpingError();
                double style = 0;
                for (int k = from; k < to; k++) {
                    style += styleLosses[m][k];
                    if (k > from) {
                        Flow[] f = flows.get(k);
                        scene.add(painted.get(k - 1), painted.get(k), f[0], f[1]);
                        whole.add(painted.get(k - 1), painted.get(k), f[0], f[1]);
                    }
                }
                scenes.add(new Scene(from + 1, to, to - from > 1 ? scene.mean() : Double.NaN, style / (to - from)));
            }
            double style = java.util.Arrays.stream(styleLosses[m]).average().orElse(Double.NaN);
            rows.add(new Row(methods.get(m), whole.mean(), style, secondsPerFrame[m], flowSecondsPerFrame[m],
                    painted, List.copyOf(scenes)));
        }
        return rows;
    }

    /**
     * Per painted clip and frame, beta times the style term, measured in float32 against the frame's
     * photo; one loss meter per photo serves every clip.
     */
    static double[][] styleLosses(StyleTransfer still, List<Image> photos, List<StyleImage> styles,
            List<List<Image>> paintedClips) {
        double[][] losses = new double[paintedClips.size()][photos.size()];
        for (int k = 0; k < photos.size(); k++) {
            try (LossMeter meter = still.lossMeter(photos.get(k), styles)) {
                for (int m = 0; m < losses.length; m++) {
                    losses[m][k] = meter.of(paintedClips.get(m).get(k)).style();
                }
            }
        }
        return losses;
    }
}
