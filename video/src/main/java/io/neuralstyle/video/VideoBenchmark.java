package io.neuralstyle.video;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.LossMeter;
import io.neuralstyle.transfer.Settings;
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
 * the clip's own flow and by the mean style loss of its frames (float32, full size).
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
            double flowSecondsPerFrame, List<Image> frames) {
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
        List<Row> rows = new ArrayList<>();
        for (Method method : methods) {
            long start = System.nanoTime();
            double flowSeconds = 0;
            List<Image> painted = new ArrayList<>();
            Deque<Image> recentPhotos = new ArrayDeque<>();
            Deque<Image> recentPainted = new ArrayDeque<>();
            for (int k = 0; k < photos.size(); k++) {
                Image photo = photos.get(k);
                Image result;
                if (k == 0 || method == Method.INDEPENDENT) {
                    result = still.run(still.request().content(photo).styles(styles).build()).image();
                } else if (method == Method.PREVIOUS) {
                    result = next.run(next.request().content(photo).styles(styles).init(painted.get(k - 1)).build())
                            .image();
                } else {
                    long f = System.nanoTime();
                    TemporalGuide guide = transfer.guide(photo, recentPhotos, recentPainted);
                    flowSeconds += (System.nanoTime() - f) / 1e9;
                    result = next.run(next.request().content(photo).styles(styles)
                            .init(VideoTransfer.start(photo, guide)).guide(guide).build()).image();
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
            double seconds = (System.nanoTime() - start) / 1e9;
            rows.add(new Row(method, warpingError(photos, painted), styleLoss(still, photos, styles, painted),
                    seconds / photos.size(), flowSeconds / Math.max(1, photos.size() - 1), List.copyOf(painted)));
        }
        return rows;
    }

    static double warpingError(List<Image> photos, List<Image> painted) {
        WarpingError error = new WarpingError();
        for (int k = 1; k < photos.size(); k++) {
            error.add(painted.get(k - 1), painted.get(k), OpticalFlow.between(photos.get(k), photos.get(k - 1)),
                    OpticalFlow.between(photos.get(k - 1), photos.get(k)));
        }
        return error.mean();
    }

    /** The mean over frames of beta times the style term, measured in float32 against each frame's photo. */
    static double styleLoss(StyleTransfer still, List<Image> photos, List<StyleImage> styles, List<Image> painted) {
        double sum = 0;
        for (int k = 0; k < photos.size(); k++) {
            try (LossMeter meter = still.lossMeter(photos.get(k), styles)) {
                sum += meter.of(painted.get(k)).style();
            }
        }
        return sum / photos.size();
    }
}
