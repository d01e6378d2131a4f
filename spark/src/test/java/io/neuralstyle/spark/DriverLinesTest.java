package io.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neuralstyle.batch.BatchItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriverLinesTest {
    private static BatchItem item(String name) {
        return new BatchItem(name, "in/" + name, "styles/s.jpg", "out/" + name, Map.of());
    }

    @Test
    void theRunningItemsWithTheirIterationAndTheJobsTimeLeft() {
        List<ItemProgress> running = List.of(new ItemProgress(item("a.png"), 120, 600, 30, 90),
                new ItemProgress(item("b.png"), 40, 600, 10, 140));
        assertEquals("neural-style-spark: 1 of 4 items ended; running: a.png at iteration 120 of 600, b.png at"
                + " iteration 40 of 600; about 3 min 20 s left", SparkBatch.DriverLines.line(running, 1, 4, 200));
        assertEquals("neural-style-spark: 0 of 4 items ended; running: a.png at iteration 1 of 600; time left not"
                + " known yet", SparkBatch.DriverLines.line(List.of(new ItemProgress(item("a.png"), 1, 600, 2,
                        Double.NaN)), 0, 4, Double.NaN));
        List<ItemProgress> many = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> new ItemProgress(item(i + ".png"), 5, 10, 1, 1)).toList();
        assertEquals("neural-style-spark: 0 of 9 items ended; running: 0.png at iteration 5 of 10, 1.png at"
                + " iteration 5 of 10, 2.png at iteration 5 of 10, 3.png at iteration 5 of 10 and 2 more; about 1 s"
                + " left", SparkBatch.DriverLines.line(many, 0, 9, 1));
    }
}
