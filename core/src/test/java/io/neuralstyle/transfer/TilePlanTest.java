package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.engine.TileGrid;
import org.junit.jupiter.api.Test;

class TilePlanTest {
    static final long GB = 1L << 30;
    static final Settings DEFAULTS = Settings.builder().lbfgsHistory(10).build();

    @Test
    void aSizeThatFitsRunsWhole() {
        assertFalse(TilePlan.choose(1024, 768, DEFAULTS, 8 * GB).tiled());
    }

    @Test
    void aLargePrintRunsInTheLargestTilesThatFit() {
        TilePlan plan = TilePlan.choose(2048, 1536, DEFAULTS, 8 * GB);
        System.out.println("2048x1536 in 8 GB: core " + plan.core());
        assertTrue(plan.tiled());
        assertEquals(0, plan.core() % TileGrid.STRIDE);
        assertTrue(MemoryEstimate.tiled(2048, 1536, plan.core(), DEFAULTS).totalBytes() <= 8 * GB);
        assertTrue(MemoryEstimate.tiled(2048, 1536, plan.core() + TileGrid.STRIDE, DEFAULTS).totalBytes()
                > 8 * GB, "the largest core that fits");
    }

    @Test
    void aSizeThatFitsOnlyInTilesIsNotRefused() {
        assertTrue(MemoryEstimate.of(2048, 1536, DEFAULTS).totalBytes() > 8 * GB);
        assertDoesNotThrow(() -> MemoryEstimate.check(2048, 1536, DEFAULTS, 8 * GB, 6 * GB));
    }
}
