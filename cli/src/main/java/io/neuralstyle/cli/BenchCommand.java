package io.neuralstyle.cli;

import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Benchmark;
import io.neuralstyle.transfer.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code neural-style bench}: seconds per iteration, achieved GFLOP/s and peak memory at given sizes. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {ScheduleBenchCommand.class, EstimateBenchCommand.class, VideoBenchCommand.class},
        description = {"Times one iteration's work (VGG19 forward to conv5_1, the default losses, the gradient "
            + "back to the image) at each size, with the default settings, and reports the median and spread, "
            + "the achieved GFLOP/s and the peak resident memory. Compare with "
            + "tools/reference/bench_reference.py, run right after it.", ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  neural-style bench",
            "      one iteration's time at 256 and 512 px",
            "  neural-style bench --sizes 256,512,1024 --evaluations 5",
            "      more sizes, fewer timed iterations each",
            "  neural-style bench schedules --content photo.jpg --style painting.jpg",
            "      coarse-to-fine schedules against one stage"})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", paramLabel = "PIXELS",
            description = "Square image sizes to time. Default: 256,512.")
    List<Integer> sizes = new ArrayList<>(List.of(256, 512));

    @Option(names = "--evaluations", paramLabel = "N", description = "Timed iterations per size. Default: ${DEFAULT-VALUE}.")
    int evaluations = 5;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed iterations first (TensorFlow optimizes the graph on its first runs)."
                    + " Default: ${DEFAULT-VALUE}.")
    int warmup = 2;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (evaluations < 1 || warmup < 0) {
            throw new UserException("--evaluations must be at least 1 and --warmup at least 0");
        }
        for (int size : sizes) {
            if (size < Settings.MIN_SIDE) {
                throw new UserException("--sizes must be at least " + Settings.MIN_SIDE + " pixels, got " + size);
            }
        }
        Settings settings = common.applyTo(Settings.builder()).build();
        Weights vgg = common.loadWeights();
        Benchmark benchmark = new Benchmark(settings.network(vgg), settings.lossSpec());
        System.out.printf("%-10s %12s %8s %8s %10s %9s %14s%n", "size", "median s/it", "min", "max", "GFLOP/it",
                "GFLOP/s", "peak RSS (MB)");
        for (int size : sizes) {
            Benchmark.Measurement m = benchmark.measure(size, size, warmup, evaluations);
            System.out.printf("%-10s %12.3f %8.3f %8.3f %10.1f %9.1f %14.0f%n", size + "x" + size, m.median(), m.min(),
                    m.max(), m.gflops(), m.gflopsPerSecond(), m.peakResidentBytes() / 1048576.0);
        }
        System.out.printf("(%d timed and %d warm-up iterations per size, %s, %d threads, %s, weights %s)%n",
                evaluations, warmup, settings.device().resolve().name(),
                settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors(),
                settings.pooling() + " pooling, " + settings.precision(),
                vgg.source());
        return 0;
    }
}
