package io.neuralstyle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Internal consistency of a committed parity fixture; says nothing about the engine. */
class ParityFixtureTest {

    private static final List<String> VGG19 = List.of("conv1_1", "conv1_2", "conv2_1", "conv2_2",
            "conv3_1", "conv3_2", "conv3_3", "conv3_4", "conv4_1", "conv4_2", "conv4_3", "conv4_4",
            "conv5_1", "conv5_2", "conv5_3", "conv5_4");

    private static int product(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    @Test
    void q8AvgIsConsistent() {
        ParityFixture f = ParityFixture.load("q8-avg");

        assertEquals("q8", f.weightsKind());
        assertEquals("avg", f.pooling());
        assertEquals(List.of("conv4_2"), f.contentLayers());
        assertEquals(f.contentLayers().size(), f.contentLayerWeights().length);
        assertEquals(f.styleLayers().size(), f.styleLayerWeights().length);
        assertEquals(f.contentLayers(), List.copyOf(f.contentPerLayer().keySet()));
        assertEquals(f.styleLayers(), List.copyOf(f.stylePerLayer().keySet()));

        assertArrayEquals(new int[] {3, 64, 64}, f.shape("content"));
        assertArrayEquals(new int[] {3, 48, 56}, f.shape("style"));
        assertArrayEquals(new int[] {3, 64, 64}, f.shape("generated"));
        assertArrayEquals(new int[] {3, 64, 64}, f.shape("gradient"));
        for (String a : List.of("content", "style", "generated")) {
            float[] v = f.array(a);
            assertEquals(product(f.shape(a)), v.length, a);
            for (float x : v) {
                assertTrue(x >= 0f && x <= 1f, a + " outside [0,1]");
            }
        }

        float[] g = f.array("gradient");
        assertEquals(product(f.shape("gradient")), g.length);
        double g2 = 0;
        for (float x : g) {
            assertTrue(Float.isFinite(x));
            g2 += (double) x * x;
        }
        assertTrue(g2 > 0, "gradient is all zero");

        // the weighted sums the fixture states must add up
        double content = 0;
        for (int i = 0; i < f.contentLayers().size(); i++) {
            content += f.contentLayerWeights()[i] * f.contentPerLayer().get(f.contentLayers().get(i));
        }
        double style = 0;
        for (int i = 0; i < f.styleLayers().size(); i++) {
            style += f.styleLayerWeights()[i] * f.stylePerLayer().get(f.styleLayers().get(i));
        }
        assertEquals(f.contentLoss(), content, 1e-12 * Math.abs(content));
        assertEquals(f.styleLoss(), style, 1e-12 * Math.abs(style));
        double total = f.alpha() * f.contentLoss() + f.beta() * f.styleLoss() + f.tvWeight() * f.tvLoss();
        assertEquals(f.totalLoss(), total, 1e-12 * Math.abs(total));

        Map<String, ParityFixture.FeatureSample> features = f.features();
        assertEquals(VGG19, List.copyOf(features.keySet()));
        int[] size = {64, 64, 32, 32, 16, 16, 16, 16, 8, 8, 8, 8, 4, 4, 4, 4};
        int[] channels = {64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512, 512};
        for (int l = 0; l < VGG19.size(); l++) {
            String layer = VGG19.get(l);
            ParityFixture.FeatureSample s = features.get(layer);
            assertArrayEquals(new int[] {channels[l], size[l], size[l]}, s.shape(), layer);
            int n = product(s.shape());
            assertEquals(Math.min(1024, n), s.indices().length, layer);
            assertEquals(s.indices().length, s.values().length, layer);
            int prev = -1;
            double sampled2 = 0;
            for (int i = 0; i < s.indices().length; i++) {
                int idx = s.indices()[i];
                assertTrue(idx > prev && idx < n, layer + " index " + idx);
                prev = idx;
                float v = s.values()[i];
                assertTrue(v >= 0f && Float.isFinite(v), layer + " ReLU output " + v);
                sampled2 += (double) v * v;
            }
            assertTrue(s.norm() > 0 && s.sum() > 0, layer);
            assertTrue(Math.sqrt(sampled2) <= s.norm() * (1 + 1e-6), layer + " samples exceed the norm");
        }
    }
}
