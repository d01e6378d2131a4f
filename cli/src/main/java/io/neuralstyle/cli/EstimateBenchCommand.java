package io.neuralstyle.cli;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Quality;
import io.neuralstyle.transfer.RunPlan;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.StagePace;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.transfer.StyleTransfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code neural-style bench estimates}: how true the time estimates are. Each quality is planned and
 * estimated as {@code --dry-run} does, then run, and the estimate before the run and the time left
 * shown during it are set against the time the run then took.
 */
@Command(name = "estimates", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"For each quality: the estimate --dry-run prints, then the run itself, timed from the"
            + " start of its first stage's targets to its end (the weights' loading aside). Prints each"
            + " stage's estimated and actual seconds, and the time left the progress line showed at a quarter,"
            + " half and three quarters of the run's time, each over the time that really was left.", ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  neural-style bench estimates --content photo.jpg --style art.jpg --size 256",
            "      draft, standard and best at 256 px",
            "  neural-style bench estimates --content me.jpg --style art.jpg --quality draft",
            "      draft alone, at the default size"})
final class EstimateBenchCommand implements Callable<Integer> {
    /** Where in the run's time the running estimate is compared with what was left. */
    private static final double[] CHECKPOINTS = {0.25, 0.5, 0.75};

    @Option(names = "--content", required = true, paramLabel = "FILE", description = "The photo.")
    Path content;

    @Option(names = "--style", required = true, paramLabel = "FILE", description = "The painting.")
    Path style;

    @Option(names = "--size", paramLabel = "PIXELS", description = "Longest side. Default: ${DEFAULT-VALUE}.")
    int size = Settings.DEFAULT_SIZE;

    @Option(names = "--quality", paramLabel = "NAME", split = ",",
            description = "The qualities to run, comma-separated. Default: draft,standard,best.")
    List<String> qualities = new ArrayList<>(List.of("draft", "standard", "best"));

    @Mixin
    CommonOptions common;

    /** One iteration's end: seconds since the run started, and the time left it showed. */
    private record Point(double seconds, double secondsLeft, RunPlan.Stage stage) {
    }

    @Override
    public Integer call() {
        List<Quality> runs = new ArrayList<>();
        for (String q : qualities) {
            try {
                runs.add(Quality.parse(q));
            } catch (IllegalArgumentException e) {
                throw new UserException("--quality " + e.getMessage());
            }
        }
        Image photo = ImageReader.read(content);
        List<StyleImage> painting = List.of(StyleImage.of(ImageReader.read(style)));
        Weights vgg = common.loadWeights();
        List<String> rows = new ArrayList<>();
        for (Quality q : runs) {
            Settings settings = common.applyTo(Settings.builder().size(size).quality(q)).build();
            StyleTransfer transfer = StyleTransfer.builder().weights(vgg).settings(settings).build();
            RunPlan plan = transfer.plan(photo, painting);
            StagePace pace = StagePace.measure(vgg, settings, plan);
            double planned = plan.estimateSeconds(settings, pace);
            List<Point> points = new ArrayList<>();
            long start = System.nanoTime();
            transfer.run(transfer.request().content(photo).styles(painting).listener(p -> {
                points.add(new Point((System.nanoTime() - start) / 1e9, p.secondsLeft(), p.stage()));
                return true;
            }).build());
            double total = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s at %d px: %d iterations%n", q, size, plan.totalIterations());
            double stageStart = 0;
            for (RunPlan.Stage s : plan.stages()) {
                double end = stageStart;
                for (Point p : points) {
                    if (p.stage().index() == s.index()) {
                        end = p.seconds();
                    }
                }
                if (s.index() == plan.stages().size() - 1) {
                    end = total;
                }
                System.out.printf(Locale.ROOT, "  stage %d, %s, %d iterations: estimated %.1f s, took %.1f s%n",
                        s.index() + 1, s, s.iterations(), plan.estimateSeconds(settings, pace, s), end - stageStart);
                stageStart = end;
            }
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f |", q,
                    plan.totalIterations(), planned, total, planned / total));
            for (double at : CHECKPOINTS) {
                Point p = points.stream().filter(x -> x.seconds() >= at * total).findFirst().orElseThrow();
                row.append(String.format(Locale.ROOT, " %.2f |", p.secondsLeft() / (total - p.seconds())));
            }
            rows.add(row.toString());
        }
        System.out.printf(Locale.ROOT, "%n| quality | iterations | estimated s | took s | estimated / took |"
                + " left shown / left at 25%% | at 50%% | at 75%% |%n|---|---|---|---|---|---|---|---|%n");
        rows.forEach(System.out::println);
        return 0;
    }
}
