package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.transfer.RunPlan.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time left of a run, told the ends of its iterations instead of reading a clock. */
class TimeLeftTest {
    private static final long GB = 1L << 30;
    private static final long SECOND = 1_000_000_000L;
    private static final Settings SETTINGS = Settings.builder().size(512).scaleIterations(List.of(300, 300))
            .iterations(100).build();
    private static final RunPlan PLAN = RunPlan.of(SETTINGS, 512, 512, 8 * GB, 6 * GB);

    @Test
    void thePaceIsTimedFromTheEndOfTheFirstIterationWhichAlsoBuildsTheGraph() {
        Stage first = PLAN.stages().get(0);
        TimeLeft left = started(first);
        // The first iteration ends 100 s in (graph building); each later one takes 0.1 s.
        long start = 5 * SECOND;
        assertTrue(Double.isNaN(left.after(1, start + 100 * SECOND)), "nothing timed yet");
        double seconds = Double.NaN;
        for (int i = 2; i <= 150; i++) {
            seconds = left.after(i, start + 100 * SECOND + (i - 1) * SECOND / 10);
        }
        // 150 of 300 iterations at 128 px, 0.1 s each there, 4x at 256 px, 16x at 512 px.
        double expected = 150 * 0.1 + 300 * 0.4 + 100 * 1.6;
        assertEquals(expected, seconds, expected * 0.01);
        assertEquals(PLAN.secondsLeft(SETTINGS, first, 150, 149, 14.9), seconds, 0);
    }

    @Test
    void afterAResumeOnlyTheIterationsTimedSinceSetThePace() {
        Stage second = PLAN.stages().get(1);
        TimeLeft left = started(second);
        assertTrue(Double.isNaN(left.after(201, 7 * SECOND)), "the resumed stage's first iteration here is untimed");
        double seconds = left.after(202, 7 * SECOND + 4 * SECOND / 10);
        assertEquals(PLAN.secondsLeft(SETTINGS, second, 202, 1, 0.4), seconds, 0);
        double expected = 98 * 0.4 + 100 * 1.6;
        assertEquals(expected, seconds, expected * 0.01);
    }

    @Test
    void theLastIterationOfTheLastStageLeavesNothing() {
        TimeLeft left = started(PLAN.last());
        left.after(99, 0);
        assertEquals(0, left.after(100, SECOND), 1e-12);
    }

    @Test
    void aStagesFirstIterationIsEstimatedAtThePreviousStagesPace() {
        TimeLeft left = started(PLAN.stages().get(0));
        // 300 iterations at 128 px, 0.1 s each after the first.
        for (int i = 1; i <= 300; i++) {
            left.after(i, 10 * SECOND + (i - 1) * SECOND / 10);
        }
        Stage second = PLAN.stages().get(1);
        left.stageStarts(second);
        // Its first iteration also builds its graph, so it is not timed; 128 px's pace stands in.
        double seconds = left.after(1, 60 * SECOND);
        double expected = 299 * 0.4 + 100 * 1.6;
        assertEquals(expected, seconds, expected * 0.01);
        // Then its own pace, here twice the arithmetic's: 0.8 s an iteration.
        seconds = left.after(2, 60 * SECOND + 8 * SECOND / 10);
        expected = 2 * (298 * 0.4 + 100 * 1.6);
        assertEquals(expected, seconds, expected * 0.01);
    }

    private static TimeLeft started(Stage stage) {
        TimeLeft left = new TimeLeft(PLAN, SETTINGS);
        left.stageStarts(stage);
        return left;
    }
}
