package io.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void firstStepMovesEachCoordinateByTheLearningRate() {
        // m-hat = g and v-hat = g^2 after one step, so the step is lr * sign(g) (up to epsilon).
        float[] x = TestFunctions.rosenbrockStart(2);
        float[] gradient = new float[2];
        TestFunctions.ROSENBROCK.evaluate(x.clone(), gradient);
        new Adam(0.1).minimize(TestFunctions.ROSENBROCK, x, 1, TestFunctions.CONTINUE);
        assertEquals(-1.2 - 0.1 * Math.signum(gradient[0]), x[0], 1e-6);
        assertEquals(1 - 0.1 * Math.signum(gradient[1]), x[1], 1e-6);
    }

    @Test
    void biasCorrectionKeepsStepsConstantUnderConstantGradient() {
        // f = 3 x0 - 0.5 x1: without bias correction, early steps would be (1 - b1^t) / sqrt(1 - b2^t) too small.
        Objective linear = (x, g) -> {
            g[0] = 3;
            g[1] = -0.5f;
            return 3 * x[0] - 0.5 * x[1];
        };
        float[] x = {0, 0};
        new Adam(0.01).minimize(linear, x, 10, TestFunctions.CONTINUE);
        assertEquals(-0.1, x[0], 1e-6);
        assertEquals(0.1, x[1], 1e-6);
    }

    @Test
    void solvesIllConditionedQuadratic() {
        var quadratic = new TestFunctions.Quadratic(100, 1e3);
        int[] reached = {-1};
        Adam adam = new Adam(0.05);
        adam.minimize(quadratic, new float[100], 2000, it -> {
            reached[0] = it.number();
            return quadratic.distanceToSolution(it.x()) >= 1e-4;
        });
        System.out.printf("Adam lr 0.05, quadratic n=100, condition 1e3: within 1e-4 after %d iterations%n",
                reached[0]);
        assertTrue(reached[0] < 1000, "iterations: " + reached[0]);
    }

    @Test
    void solvesRosenbrock() {
        float[] x = TestFunctions.rosenbrockStart(2);
        Adam adam = new Adam(0.01);
        int done = adam.minimize(TestFunctions.ROSENBROCK, x, 5000, TestFunctions.CONTINUE);
        System.out.printf("Adam lr 0.01, Rosenbrock 2-D: |x - 1| = %g after %d iterations%n",
                TestFunctions.distanceToOnes(x), done);
        assertEquals(5000, done);
        assertEquals(5001, adam.evaluations());
        assertTrue(TestFunctions.distanceToOnes(x) < 1e-2);
    }

    @Test
    void monitorGetsLossAtX() {
        float[] x = TestFunctions.rosenbrockStart(2);
        new Adam(0.01).minimize(TestFunctions.ROSENBROCK, x, 20, it -> {
            assertEquals(TestFunctions.ROSENBROCK.evaluate(it.x().clone(), new float[2]), it.loss());
            return true;
        });
    }

    @Test
    void monitorCanStopTheRun() {
        List<Integer> seen = new ArrayList<>();
        int done = new Adam(0.01).minimize(TestFunctions.ROSENBROCK, TestFunctions.rosenbrockStart(2), 100,
                it -> {
                    seen.add(it.number());
                    return it.number() < 3;
                });
        assertEquals(3, done);
        assertEquals(List.of(1, 2, 3), seen);
    }

    @Test
    void doesExactlyTheIterationsAsked() {
        List<Integer> seen = new ArrayList<>();
        int done = new Adam(0.01).minimize(TestFunctions.ROSENBROCK, TestFunctions.rosenbrockStart(2), 7,
                it -> seen.add(it.number()));
        assertEquals(7, done);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), seen);
    }

    @Test
    void nanLossThrows() {
        int[] calls = {0};
        Objective divergesLater = (x, g) -> ++calls[0] > 3 ? Double.NaN : TestFunctions.ROSENBROCK.evaluate(x, g);
        var e = assertThrows(IllegalStateException.class, () -> new Adam(0.01).minimize(divergesLater,
                TestFunctions.rosenbrockStart(2), 10, TestFunctions.CONTINUE));
        assertTrue(e.getMessage().contains("NaN at iteration 3") && e.getMessage().contains("learning rate"),
                e.getMessage());
    }

    @Test
    void isDeterministic() {
        float[] first = TestFunctions.rosenbrockStart(100);
        float[] second = TestFunctions.rosenbrockStart(100);
        Adam reused = new Adam(0.01);
        reused.minimize(TestFunctions.ROSENBROCK, first, 500, TestFunctions.CONTINUE);
        reused.minimize(TestFunctions.ROSENBROCK, second, 500, TestFunctions.CONTINUE);
        assertArrayEquals(first, second);
    }

    @Test
    void boundedAdamReachesTheClampedSolution() {
        var quadratic = new TestFunctions.Quadratic(100, 1e3);
        Box box = new Box(0f, 0.5f);
        float[] x = new float[100];
        new Adam(0.05, box).minimize(quadratic, x, 400, it -> {
            for (float v : it.x()) {
                assertTrue(box.contains(v), "left the box: " + v);
            }
            return true;
        });
        for (int i = 0; i < 100; i++) {
            assertEquals(box.clamp((float) quadratic.solution[i]), x[i], 1e-3, "coordinate " + i);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1, 0.999, 1e-8, Box.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 0.999, 0, Box.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> new Adam(0.1).minimize(TestFunctions.ROSENBROCK, new float[2], -1, TestFunctions.CONTINUE));
    }
}
