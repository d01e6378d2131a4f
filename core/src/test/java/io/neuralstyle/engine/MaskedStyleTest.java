package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Preprocessing;
import io.neuralstyle.model.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Masked Gram matrices (Gatys et al. 2017) against a plain Java computation, and their gradient. */
class MaskedStyleTest {
    static final int W = 10;
    static final int H = 8;

    /** A mask with a soft left-to-right ramp and a black bottom row, at the image size. */
    static Image mask(boolean flip) {
        float[] d = new float[3 * W * H];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    float ramp = (float) x / (W - 1);
                    d[(c * H + y) * W + x] = y == H - 1 ? 0f : flip ? 1 - ramp : ramp;
                }
            }
        }
        return new Image(W, H, d);
    }

    @Test
    void maskedStyleTermIsTheRelativeErrorOfTheMaskedGram() {
        Weights weights = TinyNetwork.weights(3, 7, Preprocessing.TORCHVISION);
        Network network = new Network(weights, Pooling.AVG, Compute.threads(1));
        FeatureExtractor extractor = new FeatureExtractor(network);
        Image x = GradientCheckTest.randomImage(W, H, 3);
        Map<String, float[]> target = extractor.grams(GradientCheckTest.randomImage(6, 12, 2), List.of("conv1_1"));
        Image m = mask(false);
        LossSpec spec = LossSpec.builder().styleLayers(Map.of("conv1_1", 1.0)).contentWeight(1).styleWeight(1).build();
        double engine;
        try (StyleObjective objective = new StyleObjective(network, W, H, spec,
                new Targets(Map.of(), List.of(new StyleTarget(target, m))))) {
            engine = objective.evaluate(x.data().clone(), new float[x.data().length]);
        }
        // conv1_1 keeps the image's size, so the layer mask is the mask itself (channel 0 = 1 = 2).
        FeatureMap f = extractor.features(x, List.of("conv1_1")).get("conv1_1");
        int n = f.channels();
        double area = 0;
        double[] g = new double[n * n];
        for (int y = 0; y < H; y++) {
            for (int px = 0; px < W; px++) {
                double mv = m.get(0, y, px);
                area += mv;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        g[i * n + j] += mv * mv * f.get(i, y, px) * f.get(j, y, px);
                    }
                }
            }
        }
        double num = 0;
        double den = 0;
        float[] a = target.get("conv1_1");
        for (int k = 0; k < g.length; k++) {
            num += Math.pow(g[k] / area - a[k], 2);
            den += (double) a[k] * a[k];
        }
        double expected = num / (den + LossTerms.EPSILON);
        assertEquals(expected, engine, 1e-4 * expected);
    }

    @Test
    void gradientOfTwoMaskedRegionsMatchesFiniteDifferences() {
        Weights weights = TinyNetwork.weights(3, 7, Preprocessing.TORCHVISION);
        Network network = new Network(weights, Pooling.AVG, Compute.threads(1));
        FeatureExtractor extractor = new FeatureExtractor(network);
        List<String> layers = List.of("conv1_1", "conv2_1");
        Targets targets = new Targets(extractor.features(GradientCheckTest.randomImage(W, H, 1), List.of("conv2_1")),
                List.of(new StyleTarget(extractor.grams(GradientCheckTest.randomImage(6, 12, 2), layers), mask(false)),
                        new StyleTarget(extractor.grams(GradientCheckTest.randomImage(9, 7, 5), layers), mask(true))));
        LossSpec spec = LossSpec.builder().contentLayers(Map.of("conv2_1", 1.0))
                .styleLayers(Map.of("conv1_1", 0.5, "conv2_1", 0.5)).contentWeight(1).styleWeight(10).build();
        float[] x = GradientCheckTest.randomImage(W, H, 3).data();
        float[] g = new float[x.length];
        try (StyleObjective objective = new StyleObjective(network, W, H, spec, targets)) {
            double f = objective.evaluate(x, g);
            double analytic = 0;
            for (float v : g) {
                analytic += (double) v * v;
            }
            double step = 1e-2 * f / analytic;
            float[] scratch = new float[x.length];
            double plus = objective.evaluate(shift(x, g, step), scratch);
            double minus = objective.evaluate(shift(x, g, -step), scratch);
            assertEquals(analytic, (plus - minus) / (2 * step), 1e-2 * analytic);
        }
    }

    private static float[] shift(float[] x, float[] d, double step) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + step * d[i]);
        }
        return y;
    }
}
