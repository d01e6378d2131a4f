package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralstyle.image.Image;
import io.neuralstyle.model.Preprocessing;
import io.neuralstyle.model.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The W2 and sliced style terms of {@link LossTerms}: their values and gradients against the
 * independent PyTorch reference ({@code tools/reference/style_losses.py}, fixture
 * {@code /parity/style-losses.json}), within the parity tests' relative error of 1e-4; and the whole
 * objective's gradient with each term against central finite differences, as {@link GradientCheckTest}
 * does for the Gram term.
 */
class StyleLossTest {
    /** The parity tests' tolerance (see {@link ParityTest}). */
    private static final double TOLERANCE = 1e-4;

    /** What a term computed in TensorFlow gave: its value and its gradient with respect to the features. */
    private record Evaluated(double value, float[] gradient) {
    }

    /**
     * A fixture case's painting and the constants of its sliced term: the projections' count and
     * directions, the channels, and the image's positions.
     */
    private record FixtureCase(FeatureMap target, int k, int n, int positions, float[] directions) {
        static FixtureCase of(JsonNode c) {
            FeatureMap target = new FeatureMap(c.get("channels").asInt(), c.get("targetHeight").asInt(),
                    c.get("targetWidth").asInt(), floats(c.get("target")));
            return new FixtureCase(target, c.get("projections").asInt(), target.channels(),
                    c.get("height").asInt() * c.get("width").asInt(), floats(c.get("directions")));
        }
    }

    @Test
    void w2MatchesPyTorch() throws IOException {
        for (JsonNode c : fixture().get("cases")) {
            FeatureMap target = FixtureCase.of(c).target();
            int n = target.channels();
            float[] mean = LossTerms.mean(target);
            float[] second = LossTerms.secondMoment(target);
            double[] cov = new double[n * n];
            double trace = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    cov[i * n + j] = second[i * n + j] - (double) mean[i] * mean[j];
                }
                trace += cov[i * n + i];
            }
            double eps = Math.pow(1e-4 * trace / n, 2) + 1e-30;
            assertEquals(c.get("w2Eps").asDouble(), eps, 1e-3 * eps, c.get("name") + ": eps");
            float[] root = LossTerms.sqrtPsd(cov, n);
            float[] weights = floats(c.get("weights"));
            double tr = trace;
            Evaluated e = evaluate(c, (tf, f) -> LossTerms.w2(tf, f, weights, n, weights.length, mean, tr, root, eps));
            String what = "w2 " + c.get("name").asText();
            assertRelative(c.get("w2").asDouble(), e.value(), what + " value");
            assertRelative(floats(c.get("w2Gradient")), e.gradient(), what + " gradient");
        }
    }

    @Test
    void complementIsOrthonormalAndOrthogonalToTheNullVector() {
        float[] u = {0.5f, 0f, 0.5f, (float) Math.sqrt(0.5)}; // sqrt of weights 1/4, 0, 1/4, 1/2
        int m = u.length;
        float[] q = LossTerms.complementOf(u);
        assertEquals((m - 1) * m, q.length);
        for (int a = 0; a < m - 1; a++) {
            double along = 0;
            for (int i = 0; i < m; i++) {
                along += q[a * m + i] * u[i];
            }
            assertEquals(0, along, 1e-6, "row " + a + " . u");
            for (int b = 0; b < m - 1; b++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[a * m + i] * q[b * m + i];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-6, "row " + a + " . row " + b);
            }
        }
    }

    @Test
    void slicedMatchesPyTorch() throws IOException {
        int checked = 0;
        for (JsonNode c : fixture().get("cases")) {
            if (!c.has("sliced")) {
                continue;
            }
            FixtureCase sc = FixtureCase.of(c);
            float[] t = LossTerms.sortedProjections(sc.target(), sc.directions(), sc.k(), sc.positions());
            Evaluated e = evaluate(c, (tf, f) -> LossTerms.slicedSse(tf, f, sc.n(), sc.positions(), sc.directions(),
                    sc.k(), t));
            assertSlicedAsPyTorch(c, e);
            checked++;
        }
        assertEquals(2, checked);
    }

    /** The sliced term's value and gradient against the reference's, within the parity tolerance. */
    private static void assertSlicedAsPyTorch(JsonNode c, Evaluated e) {
        String what = "sliced " + c.get("name").asText();
        assertRelative(c.get("sliced").asDouble(), e.value(), what + " value");
        assertRelative(floats(c.get("slicedGradient")), e.gradient(), what + " gradient");
    }

    /** A sort that the term got wrong would pair values with the wrong ranks: the same features reversed must cost the same. */
    @Test
    void slicedTermDoesNotDependOnTheOrderOfPositions() throws IOException {
        JsonNode c = fixture().get("cases").get(0);
        float[] f = floats(c.get("features"));
        int n = c.get("channels").asInt();
        int m = f.length / n;
        float[] reversed = new float[f.length];
        for (int p = 0; p < m; p++) {
            System.arraycopy(f, p * n, reversed, (m - 1 - p) * n, n);
        }
        FixtureCase sc = FixtureCase.of(c);
        FeatureMap target = sc.target();
        int k = sc.k();
        float[] directions = sc.directions();
        float[] t = LossTerms.sortedProjections(target, directions, k, m);
        BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> term =
                (tf, x) -> LossTerms.slicedSse(tf, x, n, m, directions, k, t);
        double forward = evaluate(f, c.get("height").asInt(), c.get("width").asInt(), n, term).value();
        double backward = evaluate(reversed, c.get("height").asInt(), c.get("width").asInt(), n, term).value();
        assertRelative(forward, backward, "sliced value of the reversed positions");
        // And the target itself (resampled to its own size) is at distance 0.
        float[] self = LossTerms.sortedProjections(target, directions, k, target.positions());
        double zero = evaluate(target.hwc(), target.height(), target.width(), n,
                (tf, x) -> LossTerms.slicedSse(tf, x, n, target.positions(), directions, k, self)).value();
        assertTrue(zero < 1e-6 * forward, "distance of the painting to itself " + zero);
    }

    @ParameterizedTest
    @EnumSource(value = StyleLoss.class, names = {"W2", "SLICED"})
    void objectiveGradientMatchesFiniteDifferences(StyleLoss loss) {
        checkGradient(loss, false);
    }

    @Test
    void maskedW2GradientMatchesFiniteDifferences() {
        checkGradient(StyleLoss.W2, true);
    }

    @Test
    void maskedSlicedGradientMatchesFiniteDifferences() {
        checkGradient(StyleLoss.SLICED, true);
    }

    @Test
    void blendedSlicedGradientMatchesFiniteDifferences() {
        checkGradient(StyleLoss.SLICED, false, true);
    }

    /** The masked term (a mask weighs the image's samples) and the blend (a mixture of paintings) against PyTorch. */
    @Test
    void maskedAndBlendedSlicedMatchPyTorch() throws IOException {
        int checked = 0;
        for (JsonNode c : fixture().get("slicedCases")) {
            int k = c.get("projections").asInt();
            int n = c.get("channels").asInt();
            int positions = c.get("height").asInt() * c.get("width").asInt();
            float[] directions = floats(c.get("directions"));
            List<FeatureMap> paintings = new java.util.ArrayList<>();
            for (JsonNode t : c.get("targets")) {
                paintings.add(new FeatureMap(n, t.get("height").asInt(), t.get("width").asInt(),
                        floats(t.get("features"))));
            }
            Evaluated e;
            if (c.has("mask")) {
                float[] mask = floats(c.get("mask"));
                Quantiles.Table q = Quantiles.table(paintings, new double[] {1}, directions, k);
                e = evaluate(c, (tf, f) -> LossTerms.maskedSlicedSse(tf, f, n, positions, directions, k, mask, q));
            } else {
                double[] blend = new double[c.get("blend").size()];
                for (int i = 0; i < blend.length; i++) {
                    blend[i] = c.get("blend").get(i).asDouble();
                }
                float[] t = LossTerms.sortedProjections(paintings, blend, directions, k, positions);
                e = evaluate(c, (tf, f) -> LossTerms.slicedSse(tf, f, n, positions, directions, k, t));
            }
            assertSlicedAsPyTorch(c, e);
            checked++;
        }
        assertEquals(2, checked);
    }

    /** One painting, whatever its blend weight, gives bit for bit the targets of the index formula of before blends. */
    @Test
    void onePaintingGivesTheTargetsOfTheIndexFormula() throws IOException {
        for (JsonNode c : fixture().get("cases")) {
            FixtureCase sc = FixtureCase.of(c);
            FeatureMap target = sc.target();
            int k = sc.k();
            float[] directions = sc.directions();
            for (int positions : new int[] {1, 4, 7, target.positions(), 64, 100}) {
                float[] expected = indexFormula(target, directions, k, positions);
                assertArrayEquals(expected, LossTerms.sortedProjections(target, directions, k, positions));
                assertArrayEquals(expected, LossTerms.sortedProjections(List.of(target), new double[] {0.3},
                        directions, k, positions));
            }
        }
    }

    /**
     * At the painting's own number of samples, two copies of a painting blended are the painting: each
     * copy's sample sits a quarter step either side of the painting's own, both with its value. (Between
     * them the pooled quantile function is flatter, so at other sizes the two differ by less than the
     * painting's spacing of sorted values.)
     */
    @Test
    void twoIdenticalPaintingsBlendAsOne() throws IOException {
        JsonNode c = fixture().get("cases").get(0);
        FixtureCase sc = FixtureCase.of(c);
        FeatureMap target = sc.target();
        int k = sc.k();
        float[] directions = sc.directions();
        assertArrayEquals(LossTerms.sortedProjections(target, directions, k, target.positions()),
                LossTerms.sortedProjections(List.of(target, target), new double[] {2, 2}, directions, k,
                        target.positions()));
        // And the painting is at distance 0 from the blend of its copies.
        int n = target.channels();
        float[] self = LossTerms.sortedProjections(List.of(target, target), new double[] {1, 1}, directions, k,
                target.positions());
        double zero = evaluate(target.hwc(), target.height(), target.width(), n,
                (tf, x) -> LossTerms.slicedSse(tf, x, n, target.positions(), directions, k, self)).value();
        assertTrue(zero < 1e-10 * LossAssembly.sumOfSquares(self),
                "distance of the painting to the blend of its copies " + zero);
    }

    /** A mask of ones weighs every sample alike: the masked term is the unmasked one, value and gradient. */
    @Test
    void aMaskOfOnesIsNoMask() throws IOException {
        for (JsonNode c : fixture().get("cases")) {
            if (!c.has("sliced")) {
                continue;
            }
            FixtureCase sc = FixtureCase.of(c);
            float[] ones = new float[sc.positions()];
            java.util.Arrays.fill(ones, 1f);
            float[] t = LossTerms.sortedProjections(sc.target(), sc.directions(), sc.k(), sc.positions());
            Quantiles.Table q = Quantiles.table(List.of(sc.target()), new double[] {1}, sc.directions(), sc.k());
            Evaluated plain = evaluate(c, (tf, f) -> LossTerms.slicedSse(tf, f, sc.n(), sc.positions(),
                    sc.directions(), sc.k(), t));
            Evaluated masked = evaluate(c, (tf, f) -> LossTerms.maskedSlicedSse(tf, f, sc.n(), sc.positions(),
                    sc.directions(), sc.k(), ones, q));
            String what = "mask of ones " + c.get("name").asText();
            assertRelative(plain.value(), masked.value(), what + " value");
            assertRelative(plain.gradient(), masked.gradient(), what + " gradient");
        }
    }

    /** The same at a layer's size (128 x 96 positions), where a float32 running sum of the weights would drift. */
    @Test
    void aMaskOfOnesIsNoMaskAtALayersSize() {
        int h = 96;
        int w = 128;
        int n = 8;
        int k = 8;
        Random random = new Random(28);
        float[] image = new float[h * w * n];
        float[] painting = new float[70 * 90 * n];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) Math.max(0, random.nextGaussian() + 0.3);
        }
        for (int i = 0; i < painting.length; i++) {
            painting[i] = (float) Math.max(0, random.nextGaussian() + 0.5);
        }
        FeatureMap target = new FeatureMap(n, 70, 90, painting);
        float[] directions = LossTerms.directions(3, "conv1_1", n, k);
        float[] ones = new float[h * w];
        java.util.Arrays.fill(ones, 1f);
        float[] t = LossTerms.sortedProjections(target, directions, k, h * w);
        Quantiles.Table q = Quantiles.table(List.of(target), new double[] {1}, directions, k);
        Evaluated plain = evaluate(image, h, w, n, (tf, f) -> LossTerms.slicedSse(tf, f, n, h * w, directions, k, t));
        Evaluated masked = evaluate(image, h, w, n, (tf, f) -> LossTerms.maskedSlicedSse(tf, f, n, h * w, directions,
                k, ones, q));
        assertRelative(plain.value(), masked.value(), "mask of ones at 128x96 value");
        assertRelative(plain.gradient(), masked.gradient(), "mask of ones at 128x96 gradient");
    }

    /** The painting under a mask of ones is at distance 0 from itself; an empty region's term is 0. */
    @Test
    void equalDistributionsAndEmptyRegionsCostNothing() throws IOException {
        JsonNode c = fixture().get("cases").get(0);
        FixtureCase sc = FixtureCase.of(c);
        FeatureMap target = sc.target();
        int k = sc.k();
        int n = sc.n();
        int m = target.positions();
        float[] directions = sc.directions();
        float[] ones = new float[m];
        java.util.Arrays.fill(ones, 1f);
        Quantiles.Table q = Quantiles.table(List.of(target), new double[] {1}, directions, k);
        double zero = evaluate(target.hwc(), target.height(), target.width(), n,
                (tf, x) -> LossTerms.maskedSlicedSse(tf, x, n, m, directions, k, ones, q)).value();
        double scale = LossAssembly.sumOfSquares(LossTerms.sortedProjections(target, directions, k, m));
        assertTrue(zero < 1e-10 * scale, "masked distance of the painting to itself " + zero);

        Weights weights = TinyNetwork.weights(1, 7, Preprocessing.TORCHVISION);
        Network network = new Network(weights, Pooling.AVG, Compute.threads(1));
        FeatureExtractor extractor = new FeatureExtractor(network);
        StyleTarget plain = extractor.styleTarget(GradientCheckTest.randomImage(8, 8, 2), List.of("conv1_1"),
                StyleLoss.SLICED);
        float[] white = new float[3 * 64];
        java.util.Arrays.fill(white, 1f);
        StyleTarget empty = new StyleTarget(plain.grams(), new Image(8, 8, new float[3 * 64]), plain.means(),
                plain.paintings());
        StyleTarget whole = new StyleTarget(plain.grams(), new Image(8, 8, white), plain.means(), plain.paintings());
        LossSpec spec = LossSpec.builder().styleLayers(Map.of("conv1_1", 1.0)).contentWeight(1).styleWeight(1)
                .styleLoss(StyleLoss.SLICED).sliceSeed(1).build();
        float[] x = GradientCheckTest.randomImage(8, 8, 3).data();
        float[] withEmpty = new float[x.length];
        float[] alone = new float[x.length];
        double a;
        double b;
        try (StyleObjective objective = new StyleObjective(network, 8, 8, spec,
                new Targets(Map.of(), List.of(empty, whole)))) {
            a = objective.evaluate(x, withEmpty);
        }
        try (StyleObjective objective = new StyleObjective(network, 8, 8, spec,
                new Targets(Map.of(), List.of(whole)))) {
            b = objective.evaluate(x, alone);
        }
        assertTrue(b > 0, "the whole region's term " + b);
        assertEquals(b, a, 0, "an empty region adds nothing");
        assertArrayEquals(alone, withEmpty, "nor to the gradient");
    }

    @ParameterizedTest
    @EnumSource(value = StyleLoss.class, names = {"W2", "SLICED"})
    void tiledObjectiveRefuses(StyleLoss loss) {
        Weights weights = TinyNetwork.weights(1, 7, Preprocessing.TORCHVISION);
        FeatureExtractor extractor = new FeatureExtractor(new Network(weights, Pooling.AVG, Compute.threads(1)));
        Targets targets = new Targets(Map.of(), List.of(extractor.styleTarget(GradientCheckTest.randomImage(16, 16, 2),
                List.of("conv1_1"), loss)));
        LossSpec spec = LossSpec.builder().styleLayers(Map.of("conv1_1", 1.0)).contentWeight(1).styleWeight(1)
                .styleLoss(loss).sliceSeed(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TiledObjective(
                new Network(weights, Pooling.AVG, Compute.threads(1)), 32, 32, spec, targets, 16));
        assertTrue(e.getMessage().contains("--style-loss " + loss), e.getMessage());
    }

    private static void checkGradient(StyleLoss loss, boolean masked) {
        checkGradient(loss, masked, false);
    }

    /** As {@link GradientCheckTest}; {@code blended}: the target mixes a second painting, weights 0.7 and 0.3. */
    private static void checkGradient(StyleLoss loss, boolean masked, boolean blended) {
        Weights weights = TinyNetwork.weights(3, 7, Preprocessing.TORCHVISION);
        int w = 10;
        int h = 8;
        Image content = GradientCheckTest.randomImage(w, h, 1);
        Image style = GradientCheckTest.randomImage(6, 12, 2);
        Network network = new Network(weights, Pooling.AVG, Compute.threads(1));
        FeatureExtractor extractor = new FeatureExtractor(network);
        List<String> styleLayers = List.of("conv1_1", "conv2_1");
        // conv1_1 has 80 positions for 64 channels, conv2_1 20 for 128: both sides of the W2 term's branch.
        LossSpec spec = LossSpec.builder().contentLayers(Map.of("conv2_1", 1.0))
                .styleLayers(Map.of("conv1_1", 0.5, "conv2_1", 0.5)).contentWeight(1).styleWeight(10)
                .weight(ImageTerm.SMOOTHNESS, 3).styleLoss(loss).sliceSeed(5).build();
        StyleTarget target = extractor.styleTarget(style, styleLayers, loss);
        if (masked) {
            target = new StyleTarget(target.grams(), GradientCheckTest.randomImage(w, h, 9), target.means(),
                    target.paintings());
        }
        if (blended) {
            StyleTarget second = extractor.styleTarget(GradientCheckTest.randomImage(9, 7, 5), styleLayers, loss);
            target = new StyleTarget(target.grams(), null, target.means(), List.of(
                    new StyleTarget.Painting(0.7, target.paintings().get(0).features()),
                    new StyleTarget.Painting(0.3, second.paintings().get(0).features())));
        }
        String kind = masked ? " masked" : blended ? " blended" : "";
        Targets targets = new Targets(extractor.features(content, List.of("conv2_1")), List.of(target));
        float[] x = GradientCheckTest.randomImage(w, h, 3).data();
        float[] g = new float[x.length];
        float[] scratch = new float[x.length];
        Random random = new Random(11);
        try (StyleObjective objective = new StyleObjective(network, w, h, spec, targets)) {
            double f = objective.evaluate(x, g);
            double styleTerm = objective.lastLosses().style();
            assertTrue(styleTerm > 0, "style term " + styleTerm);
            for (int trial = 0; trial < 4; trial++) {
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
                System.out.printf("%s%s directional derivative %d: analytic %.6g numeric %.6g relative error %.2e%n",
                        loss, kind, trial, analytic, numeric, Math.abs(numeric - analytic) / Math.abs(analytic));
                assertEquals(analytic, numeric, 1e-2 * Math.abs(analytic),
                        "directional derivative " + trial + " (" + loss + kind + ")");
            }
        }
    }

    /** The resampling of one painting's sorted projections as it was written before blends (index positions). */
    private static float[] indexFormula(FeatureMap target, float[] directions, int k, int positions) {
        int n = target.channels();
        int ms = target.positions();
        float[] v = target.hwc();
        float[] out = new float[k * positions];
        double[] p = new double[ms];
        for (int j = 0; j < k; j++) {
            for (int q = 0; q < ms; q++) {
                double s = 0;
                for (int c = 0; c < n; c++) {
                    s += v[q * n + c] * directions[c * k + j];
                }
                p[q] = s;
            }
            java.util.Arrays.sort(p);
            for (int i = 0; i < positions; i++) {
                double u = (i + 0.5) * ms / positions - 0.5;
                double value;
                if (u <= 0) {
                    value = p[0];
                } else if (u >= ms - 1) {
                    value = p[ms - 1];
                } else {
                    int lo = (int) Math.floor(u);
                    value = p[lo] + (u - lo) * (p[lo + 1] - p[lo]);
                }
                out[j * positions + positions - 1 - i] = (float) value;
            }
        }
        return out;
    }

    private static Evaluated evaluate(JsonNode c, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> term) {
        return evaluate(floats(c.get("features")), c.get("height").asInt(), c.get("width").asInt(),
                c.get("channels").asInt(), term);
    }

    private static Evaluated evaluate(float[] features, int h, int w, int n,
            BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> term) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> f = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, h, w, n)));
            Operand<TFloat32> value = term.apply(tf, f);
            Operand<TFloat32> gradient = tf.gradients(value, List.of(f)).dy(0);
            try (Session session = new Session(graph);
                    TFloat32 in = TFloat32.tensorOf(Shape.of(1, h, w, n), DataBuffers.of(features, true, false));
                    Result r = session.runner().feed(f, in).fetch(value).fetch(gradient).run()) {
                return new Evaluated(((TFloat32) r.get(0)).getFloat(), Tensors.toArray((TFloat32) r.get(1)));
            }
        }
    }

    private static void assertRelative(double expected, double actual, String what) {
        double err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
        System.out.printf("%s: expected %.8g, got %.8g, relative error %.2e%n", what, expected, actual, err);
        assertTrue(err <= TOLERANCE, what + ": expected " + expected + ", got " + actual + " (relative error " + err
                + ")");
    }

    /** The relative L2 error of a whole array, as {@link ParityTest} measures gradients. */
    private static void assertRelative(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double diff = 0;
        double ref = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += Math.pow(actual[i] - expected[i], 2);
            ref += Math.pow(expected[i], 2);
        }
        double err = Math.sqrt(diff / Math.max(ref, 1e-30));
        System.out.printf("%s: relative L2 error %.2e%n", what, err);
        assertTrue(err <= TOLERANCE, what + ": relative error " + err);
    }

    private static float[] shift(float[] x, float[] d, double step) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + step * d[i]);
        }
        return y;
    }

    private static JsonNode fixture() throws IOException {
        try (InputStream in = StyleLossTest.class.getResourceAsStream("/parity/style-losses.json")) {
            if (in == null) {
                throw new IOException("no test resource /parity/style-losses.json (tools/reference/style_losses.py)");
            }
            return new ObjectMapper().readTree(in);
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
