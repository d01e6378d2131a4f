package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.engine.StyleLoss;
import io.neuralstyle.image.Image;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --style-loss and --style-projections: one entry each in the table, and the combinations refused in one line. */
class StyleLossSettingsTest {
    static final long GB = 1L << 30;

    @Test
    void readAndWrittenThroughTheTable() {
        Settings s = Settings.fromMap(Map.of("style-loss", "sliced", "style-projections", "32"));
        assertEquals(StyleLoss.SLICED, s.styleLoss());
        assertEquals(32, s.styleProjections());
        assertEquals("sliced", s.describe().get("style-loss"));
        assertEquals("32", s.describe().get("style-projections"));
        assertEquals(s, Settings.fromMap(s.describe()));
        assertEquals(StyleLoss.SLICED, s.lossSpec().styleLoss());
        assertEquals(32, s.lossSpec().projections("conv1_1"));
        assertEquals(s.seed(), s.lossSpec().sliceSeed());
        assertEquals(StyleLoss.W2, Settings.fromMap(Map.of("style-loss", "W2")).styleLoss());
    }

    @Test
    void leftOutAtTheDefaultSoOlderResultsReadTheSame() {
        Settings defaults = Settings.builder().build();
        assertEquals(StyleLoss.GRAM, defaults.styleLoss());
        assertFalse(defaults.describe().containsKey("style-loss"));
        assertFalse(defaults.describe().containsKey("style-projections"));
        assertEquals(1024, defaults.lossSpec().projections("conv5_1"), "two directions per channel");
        assertEquals(128, defaults.lossSpec().projections("conv1_1"));
    }

    @Test
    void badValuesNameTheSetting() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.fromMap(Map.of("style-loss", "cosine")));
        assertEquals("style-loss", e.setting());
        assertTrue(e.getMessage().contains("use gram, w2 or sliced"), e.getMessage());
        e = assertThrows(SettingsException.class, () -> Settings.fromMap(Map.of("style-projections", "-1")));
        assertEquals("style-projections", e.setting());
    }

    @Test
    void slicedTakesMasksAndBlendsAsW2Does() {
        Settings sliced = Settings.builder().styleLoss(StyleLoss.SLICED).build();
        Image a = new Image(4, 4, new float[48]);
        StyleTargets.check(List.of(StyleImage.masked(a, a), StyleImage.masked(a, a)), sliced);
        StyleTargets.check(List.of(StyleImage.of(a), StyleImage.of(a)), sliced);
        Settings w2 = Settings.builder().styleLoss(StyleLoss.W2).build();
        StyleTargets.check(List.of(StyleImage.masked(a, a), StyleImage.masked(a, a)), w2);
        StyleTargets.check(List.of(StyleImage.of(a), StyleImage.of(a)), w2);
    }

    @Test
    void aTiledStageIsRefusedBeforeTheRunStarts() {
        Settings gram = Settings.builder().size(2048).lbfgsHistory(10).build();
        assertTrue(RunPlan.of(gram, 2048, 1536, 8 * GB, 6 * GB).last().tiled(), "the control: gram runs tiled");
        for (StyleLoss loss : new StyleLoss[] {StyleLoss.W2, StyleLoss.SLICED}) {
            Settings s = gram.toBuilder().styleLoss(loss).build();
            SettingsException e = assertThrows(SettingsException.class, () -> RunPlan.of(s, 2048, 1536, 8 * GB,
                    6 * GB));
            assertEquals("style-loss", e.setting());
            System.out.println(e.getMessage());
            assertTrue(e.getMessage().contains("tiles"), e.getMessage());
        }
        // The same loss at a size that fits whole plans as before.
        RunPlan.of(gram.toBuilder().size(512).styleLoss(StyleLoss.SLICED).build(), 512, 384, 8 * GB, 6 * GB);
    }
}
