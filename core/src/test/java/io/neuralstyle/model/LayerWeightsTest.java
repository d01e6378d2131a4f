package io.neuralstyle.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.model.LayerWeights.Invalid;
import io.neuralstyle.model.LayerWeights.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The one check of a layer list with its weights: paper names, and a kind for every refusal. */
class LayerWeightsTest {

    @Test
    void namesBecomeThePapersAndOrderIsKept() {
        Map<String, Double> m = LayerWeights.of(List.of(" RELU3_1", "conv1_1"), List.of(0.75, 0.25));
        assertEquals(List.of("conv3_1", "conv1_1"), List.copyOf(m.keySet()));
        assertEquals(List.of(0.75, 0.25), List.copyOf(m.values()));
        assertEquals(List.of(0.5, 0.5), List.copyOf(LayerWeights.of(List.of("conv1_1", "conv2_1"), List.of()).values()),
                "no weights: equal weights");
        Map<String, Double> given = new LinkedHashMap<>();
        given.put("relu4_2", 1.0);
        given.put("conv1_1", 0.0);
        assertEquals(List.of("conv4_2", "conv1_1"), List.copyOf(LayerWeights.checked(given).keySet()));
    }

    @Test
    void everyRefusalSaysItsKindAndNamesNoFlag() {
        assertKind(Kind.UNKNOWN_LAYER, "unknown VGG19 layer 'conv9_9'",
                () -> LayerWeights.of(List.of("conv1_1", "conv9_9"), List.of()));
        assertKind(Kind.DUPLICATE_LAYER, "lists conv1_1 twice",
                () -> LayerWeights.of(List.of("conv1_1", "relu1_1"), List.of()));
        assertKind(Kind.WEIGHT_COUNT, "2 layers but 1 layer weights",
                () -> LayerWeights.of(List.of("conv1_1", "conv2_1"), List.of(1.0)));
        assertKind(Kind.BAD_WEIGHT, "must be finite and not negative, got -2.0 for conv4_2",
                () -> LayerWeights.checked(LayerWeights.of(List.of("relu4_2"), List.of(-2.0))));
        assertEquals(-2.0, LayerWeights.of(List.of("conv1_1"), List.of(-2.0)).get("conv1_1"),
                "parallel lists are a form: the value is checked where the list is used");
        assertKind(Kind.BAD_WEIGHT, "got NaN", () -> LayerWeights.checked(Map.of("conv1_1", Double.NaN)));
        assertKind(Kind.BAD_WEIGHT, "got Infinity",
                () -> LayerWeights.checked(Map.of("conv1_1", Double.POSITIVE_INFINITY)));
        assertKind(Kind.DUPLICATE_LAYER, "twice", () -> LayerWeights.checked(Map.of("conv1_1", 1.0, "relu1_1", 1.0)));
        assertKind(Kind.UNKNOWN_LAYER, "pool1", () -> LayerWeights.names(List.of("pool1")));
    }

    @Test
    void aRefusalIsAnIllegalArgument() {
        assertTrue(IllegalArgumentException.class.isAssignableFrom(Invalid.class),
                "a caller's mistake where the list comes from code; front ends name their setting");
    }

    private static void assertKind(Kind kind, String text, Executable call) {
        Invalid e = assertThrows(Invalid.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertFalse(e.getMessage().contains("--"), "names no command-line flag: " + e.getMessage());
    }
}
