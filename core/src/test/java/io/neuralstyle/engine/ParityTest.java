package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.ParityFixture;
import io.neuralstyle.ParityFixture.FeatureSample;
import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.TorchWeightsReader;
import io.neuralstyle.model.Weights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine against an independent float64 PyTorch implementation (tools/reference/parity_reference.py):
 * features at every layer, each loss term and the gradient agree to a relative error of 1e-4,
 * measured as ||ours - reference|| / ||reference|| over each array (element-wise relative error is
 * meaningless for the many exact zeros a ReLU makes).
 */
class ParityTest {
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"q8-avg", "q8-max", "q8-content-avg", "torch-tiny-avg"})
    void engineAgreesWithPyTorch(String fixtureName) {
        ParityFixture fixture = ParityFixture.load(fixtureName);
        Weights weights = weightsFor(fixture);
        Pooling pooling = Pooling.parse(fixture.pooling());
        Image content = image(fixture, "content");
        Image style = image(fixture, "style");
        Image generated = image(fixture, "generated");

        Network network = new Network(weights, pooling, Compute.threads(2));
        FeatureExtractor extractor = new FeatureExtractor(network);
        Map<String, FeatureMap> features = extractor.features(generated, fixture.features().keySet());
        fixture.features().forEach((layer, sample) -> checkFeatures(layer, sample, features.get(layer)));

        LossSpec spec = LossSpec.builder()
                .contentLayers(layerMap(fixture.contentLayers(), fixture.contentLayerWeights()))
                .styleLayers(layerMap(fixture.styleLayers(), fixture.styleLayerWeights()))
                .contentWeight(fixture.alpha()).styleWeight(fixture.beta())
                .weight(ImageTerm.SMOOTHNESS, fixture.tvWeight()).build();
        Targets targets = new Targets(extractor.features(content, spec.contentLayers().keySet()),
                extractor.grams(style, spec.styleLayers().keySet()));
        float[] gradient = new float[generated.data().length];
        try (StyleObjective objective = new StyleObjective(network, generated.width(), generated.height(), spec,
                targets)) {
            double total = objective.evaluate(generated.data(), gradient);
            Losses l = objective.lastLosses();
            assertClose(fixture.totalLoss(), total, "total loss");
            assertClose(fixture.contentLoss(), l.content(), "content loss");
            assertClose(fixture.styleLoss(), l.style(), "style loss");
            assertClose(fixture.tvLoss(), l.term(ImageTerm.SMOOTHNESS), "tv loss");
            fixture.contentPerLayer().forEach((layer, v) -> assertClose(v, l.contentPerLayer().get(layer),
                    "content term " + layer));
            fixture.stylePerLayer().forEach((layer, v) -> assertClose(v, l.stylePerLayer().get(layer),
                    "style term " + layer));
        }
        double err = relativeError(gradient, fixture.array("gradient"));
        System.out.printf("%s: gradient relative error %.2e%n", fixtureName, err);
        assertTrue(err <= TOLERANCE, "gradient relative error " + err);
    }

    private static Weights weightsFor(ParityFixture fixture) {
        return switch (fixture.weightsKind()) {
            case "q8" -> QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
            case "torch" -> TorchWeightsReader.read(resource("/model/vgg19-tiny.pth"));
            default -> throw new IllegalArgumentException("unknown weights " + fixture.weightsKind());
        };
    }

    private static Path resource(String name) {
        try {
            return Path.of(ParityTest.class.getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    private static void checkFeatures(String layer, FeatureSample expected, FeatureMap actual) {
        assertEquals(expected.shape()[0], actual.channels(), layer + " channels");
        assertEquals(expected.shape()[1], actual.height(), layer + " height");
        assertEquals(expected.shape()[2], actual.width(), layer + " width");
        float[] chw = actual.toChw();
        double sumSq = 0;
        for (float v : chw) {
            sumSq += (double) v * v;
        }
        assertClose(expected.norm(), Math.sqrt(sumSq), layer + " feature norm");
        float[] picked = new float[expected.indices().length];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = chw[expected.indices()[i]];
        }
        double err = relativeError(picked, expected.values());
        assertTrue(err <= TOLERANCE, layer + " features: relative error " + err);
    }

    static Map<String, Double> layerMap(List<String> layers, double[] weights) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            m.put(layers.get(i), weights[i]);
        }
        return m;
    }

    static Image image(ParityFixture f, String name) {
        int[] shape = f.shape(name);
        return new Image(shape[2], shape[1], f.array(name));
    }

    private static void assertClose(double expected, double actual, String what) {
        double err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
        assertTrue(err <= TOLERANCE, what + ": expected " + expected + ", got " + actual + " (relative error " + err
                + ")");
    }

    static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double ref = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) actual[i] - expected[i];
            diff += d * d;
            ref += (double) expected[i] * expected[i];
        }
        return Math.sqrt(diff / Math.max(ref, 1e-30));
    }
}
