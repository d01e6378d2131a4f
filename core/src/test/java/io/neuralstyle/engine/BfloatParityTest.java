package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.ParityFixture;
import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bfloat16 path against the same float64 PyTorch reference as {@link ParityTest}, with its own,
 * stated tolerance: bfloat16 keeps 8 bits of mantissa (a relative step of 2^-8 = 0.4%) and oneDNN
 * accumulates in float32, so the network's rounding errors mostly average out. Measured on these
 * fixtures: every loss term within 0.08%; gradients within 2.2% (average pooling) and 4.1% (max
 * pooling), as the norm of the difference over the norm; gradient direction cosine 0.9992 or more.
 * The limits below leave room above those.
 */
class BfloatParityTest {
    private static final double LOSS_TOLERANCE = 5e-3;
    private static final double GRADIENT_TOLERANCE = 6e-2;

    @ParameterizedTest
    @ValueSource(strings = {"q8-avg", "q8-max", "q8-content-avg"})
    void bfloat16StaysWithinItsToleranceOfPyTorch(String fixtureName) {
        Assumptions.assumeTrue(Precision.fastest() == Precision.BF16,
                "this CPU has no native bfloat16 (AVX512_BF16 or AMX): the bf16 path is not used here");
        ParityFixture fixture = ParityFixture.load(fixtureName);
        Weights weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        Pooling pooling = Pooling.parse(fixture.pooling());
        Image content = ParityTest.image(fixture, "content");
        Image style = ParityTest.image(fixture, "style");
        Image generated = ParityTest.image(fixture, "generated");
        Network network = new Network(weights, pooling, Compute.threads(2));
        FeatureExtractor extractor = new FeatureExtractor(network);
        LossSpec spec = LossSpec.builder()
                .contentLayers(ParityTest.layerMap(fixture.contentLayers(), fixture.contentLayerWeights()))
                .styleLayers(ParityTest.layerMap(fixture.styleLayers(), fixture.styleLayerWeights()))
                .contentWeight(fixture.alpha()).styleWeight(fixture.beta())
                .weight(ImageTerm.SMOOTHNESS, fixture.tvWeight()).build();
        Targets targets = new Targets(extractor.features(content, spec.contentLayers().keySet()),
                extractor.grams(style, spec.styleLayers().keySet()));
        float[] gradient = new float[generated.data().length];
        try (StyleObjective objective = new StyleObjective(new Network(weights, pooling, Compute.threads(2),
                Precision.BF16), generated.width(), generated.height(), spec, targets)) {
            double total = objective.evaluate(generated.data(), gradient);
            Losses l = objective.lastLosses();
            assertClose(fixture.totalLoss(), total, "total loss");
            fixture.contentPerLayer().forEach((layer, v) -> assertClose(v, l.contentPerLayer().get(layer),
                    "content term " + layer));
            fixture.stylePerLayer().forEach((layer, v) -> assertClose(v, l.stylePerLayer().get(layer),
                    "style term " + layer));
        }
        float[] reference = fixture.array("gradient");
        double err = ParityTest.relativeError(gradient, reference);
        double dot = 0;
        double a = 0;
        double b = 0;
        for (int i = 0; i < reference.length; i++) {
            dot += (double) gradient[i] * reference[i];
            a += (double) gradient[i] * gradient[i];
            b += (double) reference[i] * reference[i];
        }
        double cosine = dot / Math.sqrt(a * b);
        System.out.printf("%s bf16: gradient relative error %.2e, cosine %.5f%n", fixtureName, err, cosine);
        assertTrue(err <= GRADIENT_TOLERANCE, "gradient relative error " + err);
        assertTrue(cosine >= 0.998, "gradient direction cosine " + cosine);
    }

    private static void assertClose(double expected, double actual, String what) {
        double err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
        System.out.printf("  %s: relative error %.2e%n", what, err);
        assertTrue(err <= LOSS_TOLERANCE, what + ": expected " + expected + ", got " + actual + " (relative error "
                + err + ")");
    }
}
