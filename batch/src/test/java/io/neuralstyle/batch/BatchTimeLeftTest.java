package io.neuralstyle.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.batch.BatchTimeLeft.Running;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTimeLeftTest {
    @Test
    void waitingItemsTakeTheMeanOfThePaintedOnes() {
        // 30 s left of the running item, then 4 items at the mean of 10 s and 30 s, one at a time.
        assertEquals(30 + 4 * 20, BatchTimeLeft.seconds(List.of(new Running(5, 30)), List.of(10.0, 30.0), 4, 1), 1e-9);
    }

    @Test
    void beforeAnyIsPaintedTheRunningItemsPlansSayWhatAnItemTakes() {
        // Two items running, each planned at 40 s in all; two waiting; two at once.
        assertEquals((30 + 10 + 2 * 40) / 2.0,
                BatchTimeLeft.seconds(List.of(new Running(10, 30), new Running(30, 10)), List.of(), 2, 2), 1e-9);
    }

    @Test
    void neverBeforeTheLongestRunningItemEnds() {
        assertEquals(50, BatchTimeLeft.seconds(List.of(new Running(0, 50), new Running(0, 2)), List.of(), 0, 2), 1e-9);
    }

    @Test
    void unknownUntilARunningItemHasAnEstimate() {
        assertTrue(Double.isNaN(BatchTimeLeft.seconds(List.of(new Running(1, Double.NaN)), List.of(10.0), 3, 1)));
        assertTrue(Double.isNaN(BatchTimeLeft.seconds(List.of(), List.of(), 3, 1)));
        assertEquals(0, BatchTimeLeft.seconds(List.of(), List.of(), 0, 1), 1e-9);
    }
}
