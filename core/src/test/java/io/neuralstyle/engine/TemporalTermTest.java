package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Preprocessing;
import io.neuralstyle.model.Weights;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The temporal term of a video frame (Ruder et al. 2016) as the objective computes it: its value
 * against the formula written out here, its gradient against finite differences, and its weights.
 */
class TemporalTermTest {
    static final int W = 10;
    static final int H = 8;
    static final double TAU = 40;
    final Weights weights = TinyNetwork.weights(3, 7, Preprocessing.TORCHVISION);
    final Network network = new Network(weights, Pooling.AVG, Compute.threads(1));
    final FeatureExtractor extractor = new FeatureExtractor(network);
    final LossSpec still = LossSpec.builder().contentLayers(Map.of("conv2_1", 1.0)).styleLayers(Map.of("conv1_1", 1.0))
            .contentWeight(1).styleWeight(10).build();
    final Image previous = GradientCheckTest.randomImage(W, H, 5);
    final float[] x = GradientCheckTest.randomImage(W, H, 6).data();

    @Test
    void valueIsTheWeightedMeanSquareOverThreeHW() {
        float[] c = trust(8);
        Losses l = evaluate(still.with(ImageTerm.TEMPORAL, TAU), List.of(new TemporalTarget(previous.data(), c)),
                new float[x.length]);
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            expected += c[i] * Math.pow(x[i] - previous.data()[i], 2);
        }
        expected /= 3 * W * H;
        assertEquals(expected, l.term(ImageTerm.TEMPORAL), 1e-6 * expected);
        Losses without = evaluate(still, List.of(), new float[x.length]);
        assertEquals(without.total() + TAU * expected, l.total(), 1e-5 * l.total());
    }

    /** Short-term plus long-term targets, some weights 0, against central differences of the total. */
    @Test
    void gradientMatchesFiniteDifferences() {
        LossSpec spec = still.with(ImageTerm.TEMPORAL, TAU);
        List<TemporalTarget> targets = List.of(new TemporalTarget(previous.data(), trust(8)),
                new TemporalTarget(GradientCheckTest.randomImage(W, H, 9).data(), trust(10)));
        float[] g = new float[x.length];
        float[] withoutTemporal = new float[x.length];
        evaluate(spec, targets, g);
        evaluate(still, List.of(), withoutTemporal);
        Random random = new Random(3);
        try (StyleObjective objective = objective(spec, targets)) {
            for (int trial = 0; trial < 3; trial++) {
                // Directions along the temporal part of the gradient, so that it dominates the change.
                float[] d = new float[x.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) ((g[i] - withoutTemporal[i]) * (trial == 0 ? 1 : Math.abs(random.nextGaussian())));
                }
                double analytic = 0;
                for (int i = 0; i < d.length; i++) {
                    analytic += (double) g[i] * d[i];
                }
                double step = 1e-3 / Math.sqrt(dot(d, d));
                double plus = objective.evaluate(shift(d, step), new float[x.length]);
                double minus = objective.evaluate(shift(d, -step), new float[x.length]);
                assertEquals(analytic, (plus - minus) / (2 * step), 2e-2 * Math.abs(analytic), "direction " + trial);
            }
        }
    }

    /** Where the flow says the warp cannot be trusted, the earlier frame has no say at all. */
    @Test
    void zeroWeightsLeaveTheStillImagesLoss() {
        float[] withZeros = new float[x.length];
        float[] still = new float[x.length];
        Losses a = evaluate(this.still.with(ImageTerm.TEMPORAL, TAU),
                List.of(new TemporalTarget(previous.data(), new float[x.length])), withZeros);
        Losses b = evaluate(this.still, List.of(), still);
        assertEquals(b.total(), a.total(), 0);
        assertArrayEquals(still, withZeros, 0);
    }

    @Test
    void refusesATargetOfAnotherSize() {
        Image other = GradientCheckTest.randomImage(W + 2, H, 1);
        assertThrows(IllegalArgumentException.class,
                () -> objective(still.with(ImageTerm.TEMPORAL, TAU),
                        List.of(new TemporalTarget(other.data(), other.data()))));
    }

    private Losses evaluate(LossSpec spec, List<TemporalTarget> temporal, float[] gradient) {
        try (StyleObjective objective = objective(spec, temporal)) {
            objective.evaluate(x, gradient);
            return objective.lastLosses();
        }
    }

    private StyleObjective objective(LossSpec spec, List<TemporalTarget> temporal) {
        Image content = GradientCheckTest.randomImage(W, H, 1);
        Image style = GradientCheckTest.randomImage(6, 12, 2);
        Targets targets = new Targets(extractor.features(content, List.of("conv2_1")),
                List.of(new StyleTarget(extractor.grams(style, List.of("conv1_1")), null)), temporal);
        return new StyleObjective(network, W, H, spec, targets);
    }

    /** Weights in [0, 1], a third of them 0 as at occlusions. */
    private float[] trust(long seed) {
        Random random = new Random(seed);
        float[] c = new float[x.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = random.nextInt(3) == 0 ? 0 : random.nextFloat();
        }
        return c;
    }

    private float[] shift(float[] d, double step) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + step * d[i]);
        }
        return y;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
