package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Preprocessing;
import io.neuralstyle.model.Weights;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine's gradient against central finite differences of its own loss, on a tiny network. */
class GradientCheckTest {

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void gradientMatchesFiniteDifferences(Pooling pooling) {
        Weights weights = TinyNetwork.weights(3, 7, Preprocessing.TORCHVISION);
        int w = 10;
        int h = 8;
        Image content = randomImage(w, h, 1);
        Image style = randomImage(6, 12, 2);
        Network network = new Network(weights, pooling, Compute.threads(1));
        FeatureExtractor extractor = new FeatureExtractor(network);
        LossSpec spec = LossSpec.builder().contentLayers(Map.of("conv2_1", 1.0))
                .styleLayers(Map.of("conv1_1", 0.5, "conv2_1", 0.5)).contentWeight(1).styleWeight(10)
                .weight(ImageTerm.SMOOTHNESS, 3).build();
        Targets targets = new Targets(extractor.features(content, List.of("conv2_1")),
                extractor.grams(style, List.of("conv1_1", "conv2_1")));
        float[] x = randomImage(w, h, 3).data();
        float[] g = new float[x.length];
        float[] scratch = new float[x.length];
        Random random = new Random(11);
        try (StyleObjective objective = new StyleObjective(network, w, h, spec, targets)) {
            double f = objective.evaluate(x, g);
            for (int trial = 0; trial < 4; trial++) {
                // Directions that lean on the gradient (its coordinates, randomly reweighted), so the
                // loss changes far more than float32 round-off in its sums; the first is the gradient.
                float[] d = new float[x.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = trial == 0 ? g[i] : (float) (g[i] * Math.abs(random.nextGaussian()));
                }
                double analytic = 0;
                for (int i = 0; i < d.length; i++) {
                    analytic += (double) g[i] * d[i];
                }
                double step = 1e-2 * f / analytic;
                double plus = objective.evaluate(shift(x, d, step), scratch);
                double minus = objective.evaluate(shift(x, d, -step), scratch);
                double numeric = (plus - minus) / (2 * step);
                assertEquals(analytic, numeric, 1e-2 * Math.abs(analytic),
                        "directional derivative " + trial + " (" + pooling + ")");
            }
            assertTrue(objective.lastLosses().style() > 0);
        }
    }

    private static float[] shift(float[] x, float[] d, double step) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + step * d[i]);
        }
        return y;
    }

    static Image randomImage(int w, int h, long seed) {
        Random random = new Random(seed);
        float[] d = new float[3 * w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextFloat();
        }
        return new Image(w, h, d);
    }
}
