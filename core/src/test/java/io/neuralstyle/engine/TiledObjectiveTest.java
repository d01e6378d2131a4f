package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiled objective against the whole-image one, with the real weights up to conv5_1, on an image
 * whose sides are not multiples of the tile stride and a small core, so that there are interior,
 * edge and corner tiles of several shapes.
 */
class TiledObjectiveTest {
    static final int W = 200;
    static final int H = 150;
    static final int CORE = 64;
    static Weights weights;

    @BeforeAll
    static void load() throws Exception {
        weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
    }

    @Test
    void haloCoversConv51ReachOnTheStrideGrid() {
        assertEquals(80, TileGrid.halo("conv5_1"));
        assertEquals(48, TileGrid.halo("conv4_2"));
        assertEquals(16, TileGrid.halo("conv1_1"));
    }

    /** With a video frame's temporal term too, which both objectives take from the same assembly. */
    @Test
    void contentAndStyleMatchTheWholeImage() {
        LossSpec spec = LossSpec.builder().contentLayers(Map.of("conv4_2", 1.0))
                .styleLayers(Map.of("conv1_1", 0.2, "conv2_1", 0.2, "conv3_1", 0.2, "conv4_1", 0.2, "conv5_1", 0.2))
                .contentWeight(1).styleWeight(100).weight(ImageTerm.SMOOTHNESS, 5).weight(ImageTerm.TEMPORAL, 50)
                .build();
        Image previous = GradientCheckTest.randomImage(W, H, 21);
        Image trust = GradientCheckTest.randomImage(W, H, 22);
        Targets targets = new Targets(contentTargets(spec), List.of(new StyleTarget(styleGrams(spec), null)),
                List.of(new TemporalTarget(previous.data(), trust.data())));
        assertMatches(spec, targets, TileGrid.halo(spec.deepestLayer()), true);
    }

    /** Max pooling routes the gradient through one input of each window: the same one in a tile. */
    @Test
    void maxPoolingMatchesTheWholeImage() {
        LossSpec spec = LossSpec.builder().contentLayers(Map.of("conv4_2", 1.0))
                .styleLayers(Map.of("conv1_1", 0.5, "conv5_1", 0.5)).contentWeight(1).styleWeight(100).build();
        Targets targets = new Targets(contentTargets(spec, Pooling.MAX), styleGrams(spec, Pooling.MAX, 2));
        assertMatches(spec, targets, Pooling.MAX, TileGrid.halo(spec.deepestLayer()), true);
    }

    @Test
    void maskedStylesMatchTheWholeImage() {
        LossSpec spec = LossSpec.builder().styleLayers(Map.of("conv1_1", 0.5, "conv3_1", 0.3, "conv5_1", 0.2))
                .contentWeight(1).styleWeight(1).build();
        Map<String, float[]> grams = styleGrams(spec);
        Targets targets = new Targets(Map.of(), List.of(new StyleTarget(grams, ramp(false)),
                new StyleTarget(styleGrams(spec, Pooling.AVG, 5), ramp(true))));
        assertMatches(spec, targets, TileGrid.halo(spec.deepestLayer()), true);
    }

    @Test
    void contentOnlyMatchesTheWholeImage() {
        LossSpec spec = LossSpec.builder().contentLayers(Map.of("conv4_2", 1.0, "conv5_1", 0.5)).contentWeight(1)
                .styleWeight(0).build();
        Targets targets = new Targets(contentTargets(spec), List.of());
        assertMatches(spec, targets, TileGrid.halo(spec.deepestLayer()), true);
    }

    /** The test can fail: one stride less halo than conv5_1's reach of 70 pixels changes the result. */
    @Test
    void aTooSmallHaloIsCaught() {
        LossSpec spec = LossSpec.builder().contentLayers(Map.of("conv4_2", 1.0))
                .styleLayers(Map.of("conv1_1", 0.5, "conv5_1", 0.5)).contentWeight(1).styleWeight(100).build();
        Targets targets = new Targets(contentTargets(spec), styleGrams(spec));
        assertMatches(spec, targets, TileGrid.halo(spec.deepestLayer()) - TileGrid.STRIDE, false);
    }

    private static Network network(Pooling pooling) {
        return new Network(weights, pooling, Compute.threads(2));
    }

    private static Map<String, FeatureMap> contentTargets(LossSpec spec) {
        return contentTargets(spec, Pooling.AVG);
    }

    private static Map<String, FeatureMap> contentTargets(LossSpec spec, Pooling pooling) {
        return new FeatureExtractor(network(pooling)).features(GradientCheckTest.randomImage(W, H, 1),
                spec.contentLayers().keySet());
    }

    private static Map<String, float[]> styleGrams(LossSpec spec) {
        return styleGrams(spec, Pooling.AVG, 2);
    }

    /** Style Grams of a random 96x80 image. */
    private static Map<String, float[]> styleGrams(LossSpec spec, Pooling pooling, long seed) {
        return new FeatureExtractor(network(pooling)).grams(GradientCheckTest.randomImage(96, 80, seed),
                spec.styleLayers().keySet());
    }

    /** A soft horizontal ramp, or its mirror image, with a black band at the bottom. */
    private static Image ramp(boolean flip) {
        float[] d = new float[3 * W * H];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    float r = (float) x / (W - 1);
                    d[(c * H + y) * W + x] = y > H - 20 ? 0f : flip ? 1 - r : r;
                }
            }
        }
        return new Image(W, H, d);
    }

    private static void assertMatches(LossSpec spec, Targets targets, int halo, boolean exact) {
        assertMatches(spec, targets, Pooling.AVG, halo, exact);
    }

    private static void assertMatches(LossSpec spec, Targets targets, Pooling pooling, int halo, boolean exact) {
        float[] x = GradientCheckTest.randomImage(W, H, 3).data();
        float[] whole = new float[x.length];
        float[] tiled = new float[x.length];
        Losses expected;
        Losses actual;
        try (StyleObjective objective = new StyleObjective(network(pooling), W, H, spec, targets)) {
            objective.evaluate(x, whole);
            expected = objective.lastLosses();
        }
        try (TiledObjective objective = new TiledObjective(network(pooling), spec, targets,
                TileGrid.of(W, H, CORE, halo))) {
            assertTrue(objective.tileCount() >= 9, "several rows and columns of tiles");
            objective.evaluate(x, tiled);
            actual = objective.lastLosses();
        }
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < x.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(whole[i]));
            maxDiff = Math.max(maxDiff, Math.abs(whole[i] - tiled[i]));
        }
        double gradientError = maxDiff / maxAbs;
        double worstTerm = relative(expected.total(), actual.total());
        for (String layer : spec.contentLayers().keySet()) {
            worstTerm = Math.max(worstTerm, relative(expected.contentPerLayer().get(layer),
                    actual.contentPerLayer().get(layer)));
        }
        for (String layer : spec.styleLayers().keySet()) {
            worstTerm = Math.max(worstTerm, relative(expected.stylePerLayer().get(layer),
                    actual.stylePerLayer().get(layer)));
        }
        for (ImageTerm term : ImageTerm.values()) {
            worstTerm = Math.max(worstTerm, relative(expected.term(term), actual.term(term)));
        }
        String report = pooling + " pooling, halo " + halo + ": gradient error " + gradientError + ", worst term error " + worstTerm
                + "\n whole " + expected + "\n tiled " + actual;
        System.out.println(report);
        if (exact) {
            assertTrue(gradientError < 1e-4 && worstTerm < 1e-4, report);
        } else {
            assertTrue(gradientError > 1e-3, report);
        }
    }

    private static double relative(double expected, double actual) {
        return Math.abs(expected - actual) / Math.max(Math.abs(expected), 1e-12);
    }
}
