package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.neuralstyle.engine.StyleLoss;
import io.neuralstyle.image.Image;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Paintings, masks and blend weights are checked once, in the core, by their counts: each problem
 * has a kind a front end can word in its own vocabulary, and the core's own words name no option
 * of the command line.
 */
class StyleInputsTest {
    private static final Settings PLAIN = Settings.builder().build();
    private static final Image A = new Image(4, 4, new float[48]);

    private static StyleInputException refused(int styles, int masks, Settings settings) {
        StyleInputException e = assertThrows(StyleInputException.class,
                () -> StyleInputs.check(styles, masks, settings));
        assertFalse(e.getMessage().contains("--"), "the core names no command-line option: " + e.getMessage());
        assertEquals(styles, e.styles());
        assertEquals(masks, e.masks());
        return e;
    }

    @Test
    void eachProblemHasItsKind() {
        assertEquals(StyleInputException.Kind.MASK_COUNT, refused(2, 1, PLAIN).kind());
        Settings blend = PLAIN.toBuilder().styleBlend(List.of(1.0, 2.0, 3.0)).build();
        assertEquals(StyleInputException.Kind.BLEND_COUNT, refused(2, 0, blend).kind());
        assertEquals(3, refused(2, 0, blend).blendWeights());
        Settings two = PLAIN.toBuilder().styleBlend(List.of(1.0, 2.0)).build();
        assertEquals(StyleInputException.Kind.BLEND_WITH_MASKS, refused(2, 2, two).kind());
        StyleInputs.check(2, 2, PLAIN);
        StyleInputs.check(2, 0, two);
        StyleInputs.check(1, 0, PLAIN);
    }

    @Test
    void theRunChecksTheSameWay() {
        StyleInputException e = assertThrows(StyleInputException.class,
                () -> StyleTargets.check(List.of(StyleImage.masked(A, A), StyleImage.of(A)), PLAIN));
        assertEquals(StyleInputException.Kind.MASK_COUNT, e.kind());
        assertFalse(e.getMessage().contains("--"), e.getMessage());
    }

    /** The sliced loss takes regions and blends as the others do, and is refused the same way (naming no option). */
    @Test
    void theSlicedLossTakesMasksAndBlends() {
        Settings sliced = PLAIN.toBuilder().styleLoss(StyleLoss.SLICED).build();
        StyleInputs.check(2, 2, sliced);
        StyleInputs.check(2, 0, sliced);
        Settings blend = sliced.toBuilder().styleBlend(List.of(1.0, 2.0)).build();
        StyleInputs.check(2, 0, blend);
        assertEquals(StyleInputException.Kind.MASK_COUNT, refused(2, 1, sliced).kind());
        assertEquals(StyleInputException.Kind.BLEND_WITH_MASKS, refused(2, 2, blend).kind());
    }
}
