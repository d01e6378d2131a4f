package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.model.LayerWeights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loss spec by name: its defaults, its copies, its checks; no network. */
class LossSpecTest {
    private static final LossSpec SPEC = LossSpec.builder().contentLayers(Map.of("relu4_2", 1.0))
            .styleLayers(Map.of("conv1_1", 0.5, "conv5_1", 0.5)).styleWeight(10).build();

    @Test
    void whatIsNotGivenIsThePlainLoss() {
        assertEquals(Map.of("conv4_2", 1.0), SPEC.contentLayers(), "paper names");
        assertEquals(1, SPEC.contentWeight());
        assertEquals(10, SPEC.styleWeight());
        assertEquals(0, SPEC.weight(ImageTerm.SMOOTHNESS));
        assertEquals(0, SPEC.weight(ImageTerm.TEMPORAL));
        assertEquals(StyleLoss.GRAM, SPEC.styleLoss());
        assertEquals(128, SPEC.projections("conv1_1"), "0 directions: two per channel");
        assertEquals("conv5_1", SPEC.deepestLayer());
    }

    @Test
    void copiesChangeOnlyWhatTheyName() {
        LossSpec smooth = SPEC.with(ImageTerm.SMOOTHNESS, 5);
        assertEquals(5, smooth.weight(ImageTerm.SMOOTHNESS));
        assertEquals(SPEC, smooth.with(ImageTerm.SMOOTHNESS, 0), "equal by value");
        assertEquals(SPEC.hashCode(), smooth.with(ImageTerm.SMOOTHNESS, 0).hashCode());
        assertNotEquals(SPEC, smooth);
        assertEquals(50, SPEC.with(ImageTerm.TEMPORAL, 50).weight(ImageTerm.TEMPORAL));
        LossSpec sliced = SPEC.toBuilder().styleLoss(StyleLoss.SLICED).projections(8).sliceSeed(3).build();
        assertEquals(List.of(StyleLoss.SLICED, 8, 3L, 10.0), List.of(sliced.styleLoss(), sliced.projections(),
                sliced.sliceSeed(), sliced.styleWeight()));
        assertEquals(StyleLoss.GRAM, SPEC.styleLoss(), "the original is unchanged");
        assertTrue(sliced.toString().contains("styleLoss=" + StyleLoss.SLICED), sliced.toString());
    }

    @Test
    void badSpecsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LossSpec.builder().build(), "no layer");
        assertThrows(IllegalArgumentException.class, () -> SPEC.toBuilder().weight(ImageTerm.SMOOTHNESS, -1).build());
        assertThrows(IllegalArgumentException.class, () -> SPEC.toBuilder().styleWeight(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> SPEC.toBuilder().projections(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> SPEC.toBuilder().styleLayers(Map.of("conv1_1", 1.0, "relu1_1", 1.0)).build(), "twice");
    }

    @Test
    void layerListsAreCheckedByTheOneValidatorWithItsKind() {
        assertEquals(LayerWeights.Kind.DUPLICATE_LAYER, assertThrows(LayerWeights.Invalid.class,
                () -> SPEC.toBuilder().styleLayers(Map.of("conv1_1", 1.0, "relu1_1", 1.0)).build()).kind());
        assertEquals(LayerWeights.Kind.UNKNOWN_LAYER, assertThrows(LayerWeights.Invalid.class,
                () -> SPEC.toBuilder().contentLayers(Map.of("conv9_9", 1.0)).build()).kind());
        assertEquals(LayerWeights.Kind.BAD_WEIGHT, assertThrows(LayerWeights.Invalid.class,
                () -> SPEC.toBuilder().contentLayers(Map.of("conv4_2", -1.0)).build()).kind());
    }

    @Test
    void everyTermOfTheImageIsWeightedAndCheckedAlike() {
        for (ImageTerm term : ImageTerm.values()) {
            assertEquals(0, SPEC.weight(term), term + " is off unless weighted");
            assertEquals(2, SPEC.with(term, 2).weight(term));
            assertThrows(IllegalArgumentException.class, () -> SPEC.with(term, -1));
            assertThrows(IllegalArgumentException.class, () -> SPEC.with(term, Double.POSITIVE_INFINITY));
        }
        LossSpec.Builder b = SPEC.toBuilder().weight(ImageTerm.TEMPORAL, 1);
        LossSpec built = b.build();
        b.weight(ImageTerm.TEMPORAL, 2);
        assertEquals(1, built.weight(ImageTerm.TEMPORAL), "a spec keeps its weights when its builder changes");
        assertTrue(SPEC.toString().contains("tvWeight=0.0, temporalWeight=0.0"), SPEC.toString());
    }
}
