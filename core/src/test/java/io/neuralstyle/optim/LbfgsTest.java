package io.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    /** Runs L-BFGS and reports how far it got, for the assertions and the log. */
    private static int run(Optimizer optimizer, Objective f, float[] x, int iterations, String name) {
        int done = optimizer.minimize(f, x, iterations, TestFunctions.CONTINUE);
        System.out.printf("%s: %d iterations, %d evaluations%n", name, done, optimizer.evaluations());
        return done;
    }

    /** Iterations until the monitor sees x within {@code tolerance} of the solution, or -1. */
    private static int iterationsToReach(Optimizer optimizer, Objective f, float[] x, int iterations,
            java.util.function.ToDoubleFunction<float[]> distance, double tolerance, String name) {
        int[] reached = {-1};
        optimizer.minimize(f, x, iterations, it -> {
            if (distance.applyAsDouble(it.x()) < tolerance) {
                reached[0] = it.number();
                return false;
            }
            return true;
        });
        System.out.printf("%s: within %g after %d iterations, %d evaluations%n", name, tolerance, reached[0],
                optimizer.evaluations());
        return reached[0];
    }

    @Test
    void solvesIllConditionedQuadratic() {
        // For reference, scipy's L-BFGS-B (maxcor=100, double precision) needs 129 iterations here;
        // at condition 1e4 it needs 335, and this class about 310.
        var quadratic = new TestFunctions.Quadratic(100, 1e3);
        float[] x = new float[100];
        int k = iterationsToReach(new Lbfgs(), quadratic, x, 300, quadratic::distanceToSolution, 1e-4,
                "quadratic n=100, condition 1e3");
        assertTrue(k > 0 && k <= 150, "iterations: " + k);
    }

    @Test
    void solvesRosenbrock() {
        float[] x = TestFunctions.rosenbrockStart(2);
        int k = iterationsToReach(new Lbfgs(), TestFunctions.ROSENBROCK, x, 200, TestFunctions::distanceToOnes,
                1e-4, "Rosenbrock 2-D");
        assertTrue(k > 0 && k < 100, "iterations: " + k);
    }

    @Test
    void solvesExtendedRosenbrock() {
        float[] x = TestFunctions.rosenbrockStart(100);
        int k = iterationsToReach(new Lbfgs(), TestFunctions.ROSENBROCK, x, 500, TestFunctions::distanceToOnes,
                1e-4, "extended Rosenbrock n=100");
        assertTrue(k > 0 && k < 200, "iterations: " + k);
    }

    @Test
    void solvesExtendedRosenbrockWithShortHistory() {
        float[] x = TestFunctions.rosenbrockStart(100);
        int k = iterationsToReach(new Lbfgs(5), TestFunctions.ROSENBROCK, x, 500, TestFunctions::distanceToOnes,
                1e-4, "extended Rosenbrock n=100, history 5");
        assertTrue(k > 0 && k < 300, "iterations: " + k);
    }

    @Test
    void lossNeverIncreases() {
        for (int n : new int[] {2, 100}) {
            List<Double> losses = new ArrayList<>();
            float[] x = TestFunctions.rosenbrockStart(n);
            double start = TestFunctions.ROSENBROCK.evaluate(x.clone(), new float[n]);
            losses.add(start);
            new Lbfgs().minimize(TestFunctions.ROSENBROCK, x, 100, it -> losses.add(it.loss()));
            for (int i = 1; i < losses.size(); i++) {
                assertTrue(losses.get(i) < losses.get(i - 1),
                        "n=" + n + ": loss went from " + losses.get(i - 1) + " to " + losses.get(i) + " at " + i);
            }
        }
    }

    @Test
    void monitorGetsLossAtX() {
        float[] x = TestFunctions.rosenbrockStart(2);
        new Lbfgs().minimize(TestFunctions.ROSENBROCK, x, 20, it -> {
            assertEquals(TestFunctions.ROSENBROCK.evaluate(it.x().clone(), new float[2]), it.loss());
            return true;
        });
    }

    @Test
    void monitorCanStopTheRun() {
        List<Integer> seen = new ArrayList<>();
        float[] x = TestFunctions.rosenbrockStart(2);
        int done = new Lbfgs().minimize(TestFunctions.ROSENBROCK, x, 100, it -> {
            seen.add(it.number());
            return it.number() < 3;
        });
        assertEquals(3, done);
        assertEquals(List.of(1, 2, 3), seen);
    }

    @Test
    void doesExactlyTheIterationsAsked() {
        List<Integer> seen = new ArrayList<>();
        var quadratic = new TestFunctions.Quadratic(100, 1e3);
        Lbfgs lbfgs = new Lbfgs();
        int done = lbfgs.minimize(quadratic, new float[100], 7, it -> seen.add(it.number()));
        assertEquals(7, done);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), seen);
        assertTrue(lbfgs.evaluations() >= 8, "evaluations: " + lbfgs.evaluations());
    }

    @Test
    void zeroIterationsDoNothing() {
        float[] x = TestFunctions.rosenbrockStart(2);
        Lbfgs lbfgs = new Lbfgs();
        assertEquals(0, lbfgs.minimize(TestFunctions.ROSENBROCK, x, 0, TestFunctions.CONTINUE));
        assertArrayEquals(TestFunctions.rosenbrockStart(2), x);
        assertEquals(0, lbfgs.evaluations());
    }

    @Test
    void stopsAtZeroGradient() {
        float[] x = {1, 1};
        int done = new Lbfgs().minimize(TestFunctions.ROSENBROCK, x, 10, TestFunctions.CONTINUE);
        assertEquals(0, done);
        assertArrayEquals(new float[] {1, 1}, x);
    }

    @Test
    void stopsWhenNoProgressIsPossible() {
        // Past float precision no lower point exists: the run must end rather than spin.
        float[] x = TestFunctions.rosenbrockStart(2);
        Lbfgs lbfgs = new Lbfgs();
        int done = lbfgs.minimize(TestFunctions.ROSENBROCK, x, 10_000, TestFunctions.CONTINUE);
        System.out.printf("Rosenbrock to the precision limit: %d iterations, %d evaluations, |x - 1| = %g%n", done,
                lbfgs.evaluations(), TestFunctions.distanceToOnes(x));
        assertTrue(done < 200, "iterations: " + done);
        assertTrue(TestFunctions.distanceToOnes(x) < 1e-6);
    }

    @Test
    void nanLossThrows() {
        Objective nan = (x, g) -> Double.NaN;
        var e = assertThrows(IllegalStateException.class,
                () -> new Lbfgs().minimize(nan, new float[3], 10, TestFunctions.CONTINUE));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("starting point"), e.getMessage());
    }

    @Test
    void lossBecomingNanOrInfiniteThrowsAndKeepsLastAcceptedPoint() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            int[] calls = {0};
            Objective divergesLater = (x, g) -> ++calls[0] > 5 ? bad : TestFunctions.ROSENBROCK.evaluate(x, g);
            float[] x = TestFunctions.rosenbrockStart(2);
            float[][] accepted = {x.clone()};
            var e = assertThrows(IllegalStateException.class, () -> new Lbfgs().minimize(divergesLater, x, 100,
                    it -> {
                        accepted[0] = it.x().clone();
                        return true;
                    }));
            assertTrue(e.getMessage().contains(Double.toString(bad)) && e.getMessage().contains("iteration"),
                    e.getMessage());
            assertArrayEquals(accepted[0], x);
        }
    }

    @Test
    void nanGradientThrows() {
        Objective nanGradient = (x, g) -> {
            g[0] = Float.NaN;
            return 1;
        };
        var e = assertThrows(IllegalStateException.class,
                () -> new Lbfgs().minimize(nanGradient, new float[3], 10, TestFunctions.CONTINUE));
        assertTrue(e.getMessage().contains("gradient"), e.getMessage());
    }

    @Test
    void isDeterministic() {
        float[] first = TestFunctions.rosenbrockStart(100);
        float[] second = TestFunctions.rosenbrockStart(100);
        List<Double> firstLosses = new ArrayList<>();
        List<Double> secondLosses = new ArrayList<>();
        Lbfgs reused = new Lbfgs();
        reused.minimize(TestFunctions.ROSENBROCK, first, 60, it -> firstLosses.add(it.loss()));
        reused.minimize(TestFunctions.ROSENBROCK, second, 60, it -> secondLosses.add(it.loss()));
        assertArrayEquals(first, second); // Arrays.equals on floats: bit for bit
        assertEquals(firstLosses, secondLosses);
    }

    @Test
    void instanceCanBeReusedForAnotherSize() {
        Lbfgs lbfgs = new Lbfgs(10);
        lbfgs.minimize(TestFunctions.ROSENBROCK, TestFunctions.rosenbrockStart(100), 5, TestFunctions.CONTINUE);
        float[] x = TestFunctions.rosenbrockStart(2);
        run(lbfgs, TestFunctions.ROSENBROCK, x, 100, "Rosenbrock 2-D, history 10, reused instance");
        assertTrue(TestFunctions.distanceToOnes(x) < 1e-4);
    }

    @Test
    void boundedQuadraticReachesTheClampedSolution() {
        // Diagonal, so the bounded minimum is known exactly: each coordinate's solution clamped.
        var quadratic = new TestFunctions.Quadratic(100, 1e3);
        Box box = new Box(0f, 0.5f);
        float[] expected = new float[100];
        int atBounds = 0;
        for (int i = 0; i < 100; i++) {
            expected[i] = box.clamp((float) quadratic.solution[i]);
            atBounds += expected[i] != (float) quadratic.solution[i] ? 1 : 0;
        }
        float[] x = new float[100];
        double[] distance = {0};
        int done = iterationsToReach(new Lbfgs(100, box), insideOnly(quadratic, box), x, 300, point -> {
            double sum = 0;
            for (int i = 0; i < point.length; i++) {
                sum += (point[i] - expected[i]) * (point[i] - expected[i]);
            }
            return Math.sqrt(sum);
        }, 1e-5, "bounded quadratic n=100");
        System.out.printf("  %d of 100 coordinates end on a bound%n", atBounds);
        assertTrue(atBounds > 30 && atBounds < 90, "the test must have both free and bound coordinates");
        assertTrue(done > 0);
        for (int i = 0; i < 100; i++) {
            assertEquals(expected[i], x[i], 1e-4, "coordinate " + i);
        }
    }

    @Test
    void boundedRosenbrockStopsOnTheBound() {
        // In [-2, 0.5]^2 the minimum is (0.5, 0.25): x1 on its bound, x2 free, f = 0.25.
        Box box = new Box(-2f, 0.5f);
        float[] x = TestFunctions.rosenbrockStart(100); // (-1.2, 1) pairs: starts outside, projected in
        run(new Lbfgs(100, box), insideOnly(TestFunctions.ROSENBROCK, box), x, 500, "bounded extended Rosenbrock");
        for (int i = 0; i < x.length; i += 2) {
            assertEquals(0.5f, x[i], 0f, "x1 sits on the bound");
            assertEquals(0.25, x[i + 1], 1e-5);
        }
    }

    @Test
    void boundedDenseQuadraticMatchesProjectedGradientDescent() {
        // A coupled problem, against the plain (slow but sure) projected gradient method in double.
        int n = 20;
        java.util.Random random = new java.util.Random(7);
        double[][] m = new double[n][n];
        for (double[] row : m) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] a = new double[n][n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = 10 * random.nextGaussian();
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += m[k][i] * m[k][j];
                }
            }
            a[i][i] += 1;
        }
        Objective f = (x, g) -> {
            double value = 0;
            for (int i = 0; i < n; i++) {
                double ax = 0;
                for (int j = 0; j < n; j++) {
                    ax += a[i][j] * x[j];
                }
                value += 0.5 * x[i] * ax - b[i] * x[i];
                g[i] = (float) (ax - b[i]);
            }
            return value;
        };
        double lipschitz = 0;
        for (double[] row : a) {
            double sum = 0;
            for (double v : row) {
                sum += Math.abs(v);
            }
            lipschitz = Math.max(lipschitz, sum);
        }
        double[] reference = new double[n];
        for (int it = 0; it < 200_000; it++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                double ax = 0;
                for (int j = 0; j < n; j++) {
                    ax += a[i][j] * reference[j];
                }
                next[i] = Math.max(0, Math.min(1, reference[i] - (ax - b[i]) / lipschitz));
            }
            reference = next;
        }
        float[] x = new float[n];
        run(new Lbfgs(100, Box.UNIT), insideOnly(f, Box.UNIT), x, 500, "bounded dense quadratic n=20");
        int bound = 0;
        for (int i = 0; i < n; i++) {
            bound += reference[i] == 0 || reference[i] == 1 ? 1 : 0;
            assertEquals(reference[i], x[i], 1e-4, "coordinate " + i);
        }
        assertTrue(bound > 3 && bound < n - 3, "both free and bound coordinates: " + bound);
    }

    /** Fails the test if the optimizer evaluates a point outside the box. */
    private static Objective insideOnly(Objective f, Box box) {
        return (x, g) -> {
            for (float v : x) {
                assertTrue(box.contains(v), "evaluated outside the box: " + v);
            }
            return f.evaluate(x, g);
        };
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(0));
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(10, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs().minimize(TestFunctions.ROSENBROCK, new float[2], -1, TestFunctions.CONTINUE));
    }
}
