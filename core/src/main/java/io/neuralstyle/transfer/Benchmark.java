package io.neuralstyle.transfer;

import io.neuralstyle.engine.FeatureExtractor;
import io.neuralstyle.engine.FlopCount;
import io.neuralstyle.engine.LossSpec;
import io.neuralstyle.engine.Network;
import io.neuralstyle.engine.StyleObjective;
import io.neuralstyle.engine.Targets;
import io.neuralstyle.image.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times one iteration's work (VGG19 forward to the deepest layer, the losses and the gradient back to
 * the image) at a given size for a given network and loss, the way the optimizers use it. Targets
 * come from seeded random images: the cost does not depend on the pictures.
 */
public final class Benchmark {
    /**
     * @param secondsPerEvaluation each timed evaluation, in order
     * @param gflops               floating-point work of one evaluation, in billions
     * @param peakResidentBytes    peak resident memory of this process so far, or -1 where unknown
     */
    public record Measurement(int width, int height, double[] secondsPerEvaluation, double gflops,
            long peakResidentBytes) {
        public double median() {
            double[] s = secondsPerEvaluation.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        public double min() {
            return Arrays.stream(secondsPerEvaluation).min().orElse(Double.NaN);
        }

        public double max() {
            return Arrays.stream(secondsPerEvaluation).max().orElse(Double.NaN);
        }

        /** Achieved rate at the median time. */
        public double gflopsPerSecond() {
            return gflops / median();
        }
    }

    private final Network network;
    private final LossSpec spec;

    /** Times {@code network} evaluating {@code spec}: a run's are {@link Settings#network} and {@link Settings#lossSpec}. */
    public Benchmark(Network network, LossSpec spec) {
        this.network = network;
        this.spec = spec;
    }

    /** Times {@code evaluations} evaluations at width x height after {@code warmup} untimed ones. */
    public Measurement measure(int width, int height, int warmup, int evaluations) {
        FeatureExtractor extractor = new FeatureExtractor(network);
        Image content = new Image(width, height, StyleTransfer.noise(width, height, 1));
        Image style = new Image(width, height, StyleTransfer.noise(width, height, 2));
        Targets targets = new Targets(extractor.features(content, spec.contentLayers().keySet()),
                extractor.grams(style, spec.styleLayers().keySet()));
        float[] x = StyleTransfer.noise(width, height, 3);
        float[] gradient = new float[x.length];
        List<Double> times = new ArrayList<>();
        try (StyleObjective objective = new StyleObjective(network, width, height, spec, targets)) {
            for (int i = 0; i < warmup + evaluations; i++) {
                long start = System.nanoTime();
                objective.evaluate(x, gradient);
                if (i >= warmup) {
                    times.add((System.nanoTime() - start) / 1e9);
                }
            }
        }
        return new Measurement(width, height, times.stream().mapToDouble(Double::doubleValue).toArray(),
                FlopCount.perEvaluation(width, height, spec) / 1e9, peakResidentBytes());
    }

    /** VmHWM from /proc/self/status (Linux): the most memory this process has held, native included. */
    public static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
