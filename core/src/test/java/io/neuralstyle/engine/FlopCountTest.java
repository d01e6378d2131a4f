package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlopCountTest {
    private static LossSpec defaults() {
        Map<String, Double> style = new LinkedHashMap<>();
        for (String l : new String[] {"conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"}) {
            style.put(l, 0.2);
        }
        return LossSpec.builder().contentLayers(Map.of("conv4_2", 1.0)).styleLayers(style).contentWeight(1)
                .styleWeight(10).build();
    }

    @Test
    void conv1_1AloneByHand() {
        LossSpec spec = LossSpec.builder().contentLayers(Map.of("conv1_1", 1.0)).contentWeight(1).styleWeight(0)
                .build();
        // 2 FLOPs per multiply-add, 8x8 positions, 3x3x3 inputs, 64 outputs; forward and input gradient.
        assertEquals(2 * (2.0 * 64 * 27 * 64), FlopCount.perEvaluation(8, 8, spec));
    }

    @Test
    void defaultsMatchTheFigureInTheDesignNotes() {
        // ../shared/DESIGN.md: about 99 GFLOP at 256x256 and 397 GFLOP at 512x512.
        assertEquals(99e9, FlopCount.perEvaluation(256, 256, defaults()), 4e9);
        assertEquals(397e9, FlopCount.perEvaluation(512, 512, defaults()), 16e9);
    }
}
