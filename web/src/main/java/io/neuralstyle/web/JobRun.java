package io.neuralstyle.web;

import io.neuralstyle.engine.Losses;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.image.Images;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.CheckpointMismatchException;
import io.neuralstyle.transfer.Listener;
import io.neuralstyle.transfer.Progress;
import io.neuralstyle.transfer.Result;
import io.neuralstyle.transfer.ResultText;
import io.neuralstyle.transfer.RunRequest;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.SettingsException;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.transfer.StyleTransfer;
import io.neuralstyle.transfer.TransferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one job through core's {@link StyleTransfer}, as the command line runs it: the job's
 * images and settings in, progress and previews out to its watchers, a checkpoint beside it, the
 * result written with its settings embedded, and the job's end in the store.
 */
final class JobRun implements Worker.Run {
    private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);
    /** Watchers get progress at most this often (the curve still gets every iteration's loss). */
    private static final long EVENT_NANOS = 100_000_000L;
    /** A fresh preview every so many iterations, or after this long, whichever comes first. */
    private static final int PREVIEW_ITERATIONS = 5;
    private static final long PREVIEW_NANOS = 2_000_000_000L;
    /** Longest side of a history thumbnail, in pixels. */
    static final int THUMBNAIL_SIDE = 192;

    private final Jobs jobs;
    private final String id;
    private final JobFiles files;
    private final Weights weights;
    private final Duration checkpointInterval;
    private final SpeedGauge gauge;

    JobRun(Jobs jobs, String id, Weights weights, Duration checkpointInterval, SpeedGauge gauge) {
        this.jobs = jobs;
        this.id = id;
        this.files = jobs.files(id);
        this.weights = weights;
        this.checkpointInterval = checkpointInterval;
        this.gauge = gauge;
    }

    @Override
    public void run(Supplier<Worker.StopReason> stop) {
        Job job = jobs.store().get(id).orElse(null);
        if (job == null || job.state() != JobStatus.QUEUED) {
            return; // removed or cancelled while it waited
        }
        jobs.store().started(id);
        jobs.publishStatus(id);
        jobs.publishQueue();
        long start = System.nanoTime();
        JobFeed feed = jobs.feeds().of(id);
        // A resumed run's curve goes on from its earlier runs' losses.
        List<Double> earlier = Files.isRegularFile(files.checkpoint()) ? jobs.store().losses(id) : List.of();
        feed.seed(earlier);
        Watch watch = new Watch(feed, stop, earlier);
        try {
            Settings settings = Settings.fromMap(job.settings());
            Image content = ImageReader.read(files.content());
            List<StyleImage> styles = new ArrayList<>();
            for (int i = 0; i < job.styles(); i++) {
                Image painting = ImageReader.read(files.style(i));
                styles.add(job.masks() == 0 ? StyleImage.of(painting)
                        : StyleImage.masked(painting, ImageReader.read(files.mask(i))));
            }
            StyleTransfer transfer = StyleTransfer.builder().weights(weights).settings(settings).build();
            RunRequest request = transfer.request().content(content).styles(styles)
                    .checkpoint(files.checkpoint(), checkpointInterval).listener(watch).build();
            Result result = transfer.run(request);
            watch.flush();
            List<Double> losses = watch.losses();
            Map<String, String> text = ResultText.of("neural-style web studio", settings, weights.source(), "content.img",
                    names("style", job.styles()), names("mask", job.masks()));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (result.stopped() && stop.get() == Worker.StopReason.SHUTDOWN) {
                ImageWriter.writePng(result.image(), files.partial(), text);
                jobs.store().ended(id, JobStatus.INTERRUPTED, seconds, "the server stopped after " + result.iterations()
                        + " of " + job.iterations() + " iterations: resume it to go on from its last checkpoint",
                        false, losses);
            } else {
                ImageWriter.writePng(result.image(), files.result(), text);
                writeThumbnail(result.image(), files.thumbnail());
                request.discardCheckpoint();
                if (result.stopped()) {
                    jobs.store().ended(id, JobStatus.CANCELLED, seconds, String.format(Locale.ROOT,
                            "cancelled after %d of %d iterations: the result is the best image so far",
                            result.iterations(), job.iterations()), true, losses);
                } else if (result.divergence() != null) {
                    jobs.store().ended(id, JobStatus.FAILED, seconds, result.divergence()
                            + " (the result is the best image before it)", true, losses);
                } else {
                    jobs.store().ended(id, JobStatus.DONE, seconds, result.ending() == Result.Ending.CONVERGED
                            ? converged(result) : null, true, losses);
                    if (earlier.isEmpty() && result.ending() == Result.Ending.DONE) {
                        gauge.record(transfer.plan(content, styles), settings, seconds);
                    }
                }
            }
            jobs.store().progress(id, result.iterations());
        } catch (CheckpointMismatchException e) {
            fail(start, "its checkpoint was made by another run: delete the job and submit it again", watch);
        } catch (TransferException | ImageException | SettingsException e) {
            fail(start, e.getMessage(), watch);
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.error("job {} failed", id, e);
            fail(start, Worker.failure(e), watch);
        } finally {
            jobs.publishEnd(id);
        }
    }

    /** What a run that ended before its plan's last iteration says. */
    private static String converged(Result result) {
        return "converged after " + result.iterations() + " of " + result.planned() + " iterations: the optimizer"
                + " could lower the loss no further, so more iterations would not have changed the picture";
    }

    private void fail(long start, String message, Watch watch) {
        jobs.store().ended(id, JobStatus.FAILED, (System.nanoTime() - start) / 1e9, message, false, watch.losses());
    }

    /** A copy of {@code image} no longer than {@link #THUMBNAIL_SIDE} on its long side, for the history. */
    static void writeThumbnail(Image image, java.nio.file.Path file) {
        ImageWriter.writePng(Resize.toLongestSide(image, Math.min(THUMBNAIL_SIDE,
                Math.max(image.width(), image.height()))), file, Map.of());
    }

    static byte[] png(Image image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(Images.toBufferedImage(image), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The run's listener: progress, stages and previews to the feed; whether to go on, from the worker. */
    private final class Watch implements Listener {
        private final JobFeed feed;
        private final Supplier<Worker.StopReason> stop;
        private final List<Double> pending = new ArrayList<>();
        private final List<Double> all;
        private int pendingFrom;
        private int stageIndex = -1;
        private long lastEvent;
        private long lastPreview;
        private int lastPreviewIteration;
        private int previews;
        private Map<String, Object> lastProgress;

        Watch(JobFeed feed, Supplier<Worker.StopReason> stop, List<Double> earlier) {
            this.feed = feed;
            this.stop = stop;
            this.all = new ArrayList<>(earlier);
        }

        @Override
        public boolean onIteration(Progress p) {
            long now = System.nanoTime();
            if (pending.isEmpty()) {
                pendingFrom = p.iteration() - 1;
            }
            pending.add(p.losses().total());
            JobFeed.place(all, p.iteration() - 1, List.of(p.losses().total()));
            boolean newStage = p.stage() != null && p.stage().index() != stageIndex;
            if (newStage) {
                stageIndex = p.stage().index();
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("stage", stageIndex + 1);
                s.put("stages", p.stages());
                s.put("width", p.stage().width());
                s.put("height", p.stage().height());
                feed.stage(Json.write(s));
            }
            lastProgress = progress(p);
            if (newStage || now - lastEvent >= EVENT_NANOS || p.iteration() >= p.iterations()) {
                flush();
                jobs.store().progress(id, p.iteration());
                lastEvent = now;
            }
            if (previews == 0 || p.iteration() - lastPreviewIteration >= PREVIEW_ITERATIONS
                    || now - lastPreview >= PREVIEW_NANOS) {
                byte[] png = png(p.image().get());
                previews++;
                feed.preview(png, Json.write(Map.of("version", previews, "iteration", p.iteration())));
                lastPreview = now;
                lastPreviewIteration = p.iteration();
            }
            return stop.get() == null;
        }

        void flush() {
            if (lastProgress != null && !pending.isEmpty()) {
                Map<String, Object> event = new LinkedHashMap<>(lastProgress);
                event.put("lossesFrom", pendingFrom);
                event.put("losses", List.copyOf(pending));
                feed.progress(Json.write(event), pendingFrom, List.copyOf(pending));
                pending.clear();
            }
        }

        List<Double> losses() {
            return List.copyOf(all);
        }

        private Map<String, Object> progress(Progress p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("iteration", p.iteration());
            m.put("iterations", p.iterations());
            m.put("stage", p.stage() == null ? null : p.stage().index() + 1);
            m.put("stages", p.stages());
            m.put("loss", finite(p.losses().total()));
            m.put("content", finite(p.losses().content()));
            m.put("style", finite(p.losses().style()));
            m.put("seconds", p.seconds());
            m.put("secondsLeft", finite(p.secondsLeft()));
            return m;
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    /** The job's stored files as the result's text names them: style-0.img, style-1.img, ... */
    private static List<String> names(String kind, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> kind + "-" + i + ".img").toList();
    }
}
