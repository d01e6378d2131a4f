package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Preprocessing;
import io.neuralstyle.model.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One graph for a clip: an objective given another photo's content targets (and a frame's temporal
 * targets) by {@link StyleObjective#retarget} computes what an objective built for them computes,
 * to the bit, and refuses what its graph does not hold.
 */
class RetargetTest {
    static final int W = 12;
    static final int H = 10;
    final Weights weights = TinyNetwork.weights(3, 7, Preprocessing.TORCHVISION);
    final Network network = new Network(weights, Pooling.AVG, Compute.threads(1));
    final FeatureExtractor extractor = new FeatureExtractor(network);
    final LossSpec spec = LossSpec.builder().contentLayers(Map.of("conv2_1", 1.0, "conv1_1", 0.5))
            .styleLayers(Map.of("conv1_1", 1.0)).contentWeight(1).styleWeight(10).weight(ImageTerm.SMOOTHNESS, 2)
            .build();
    final List<StyleTarget> style = List.of(new StyleTarget(
            extractor.grams(GradientCheckTest.randomImage(W, H, 1), spec.styleLayers().keySet()), null));
    final float[] x = GradientCheckTest.randomImage(W, H, 2).data();

    private Targets frame(long seed, boolean temporal) {
        Image photo = GradientCheckTest.randomImage(W, H, seed);
        List<TemporalTarget> guide = temporal
                ? List.of(new TemporalTarget(GradientCheckTest.randomImage(W, H, seed + 100).data(), ones()))
                : List.of();
        return new Targets(extractor.features(photo, spec.contentLayers().keySet()), style, guide);
    }

    private static float[] ones() {
        float[] c = new float[3 * W * H];
        java.util.Arrays.fill(c, 1f);
        return c;
    }

    @Test
    void aRetargetedObjectiveComputesWhatAFreshOneDoes() {
        LossSpec later = spec.with(ImageTerm.TEMPORAL, 40);
        Targets next = frame(4, true);
        float[] fresh = new float[x.length];
        float[] reused = new float[x.length];
        double freshValue;
        try (StyleObjective objective = new StyleObjective(network, W, H, later, next)) {
            freshValue = objective.evaluate(x, fresh);
        }
        try (StyleObjective objective = new StyleObjective(network, W, H, spec, frame(3, false))) {
            double first = objective.evaluate(x, reused);
            objective.retarget(later, next);
            double value = objective.evaluate(x, reused);
            assertTrue(value != first, "the new photo's loss, not the first one's");
            assertEquals(freshValue, value, 0);
            assertArrayEquals(fresh, reused, 0);
            assertTrue(objective.lastLosses().term(ImageTerm.TEMPORAL) > 0, "the temporal targets are the new ones");
        }
    }

    @Test
    void whatTheGraphHoldsCannotBeRetargeted() {
        try (StyleObjective objective = new StyleObjective(network, W, H, spec, frame(3, false))) {
            LossSpec heavier = spec.toBuilder().styleWeight(20).build();
            assertFalse(objective.holds(heavier, style));
            assertThrows(IllegalArgumentException.class, () -> objective.retarget(heavier, frame(4, false)));
            List<StyleTarget> copy = List.of(new StyleTarget(style.get(0).grams(), null));
            assertFalse(objective.holds(spec, copy), "held as objects: their values are in the graph");
            assertThrows(IllegalArgumentException.class,
                    () -> objective.retarget(spec, new Targets(frame(4, false).content(), copy)));
            assertTrue(objective.holds(spec.with(ImageTerm.TEMPORAL, 3), style));
        }
    }
}
