package io.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StrongWolfeLineSearchTest {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;

    /** f(x) = (x - 3)^2 in one dimension: along d = 1 from 0 the best step is 3. */
    private static final Objective PARABOLA = (x, g) -> {
        g[0] = (float) (2 * (x[0] - 3.0));
        return (x[0] - 3.0) * (x[0] - 3.0);
    };

    /** Searches from x along -g with the given first step, checks strong Wolfe and the gradient. */
    private static StrongWolfeLineSearch.Result searchSteepestDescent(Objective f, float[] x, double initialStep,
            int[] evaluations) {
        int n = x.length;
        float[] g0 = new float[n];
        double f0 = f.evaluate(x, g0);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = -g0[i];
        }
        double slope0 = Vectors.dot(g0, d);
        Objective counted = (p, g) -> {
            evaluations[0]++;
            return f.evaluate(p, g);
        };
        float[] gradientOut = new float[n];
        var result = new StrongWolfeLineSearch(C1, C2, 25).search(counted, x, d, f0, g0, slope0, initialStep,
                gradientOut);

        float[] point = new float[n];
        Vectors.pointOnLine(x, result.step(), d, point);
        float[] g = new float[n];
        double value = f.evaluate(point, g);
        assertEquals(value, result.value(), "value is f at x + t d");
        assertArrayEquals(g, gradientOut, "gradientOut is g at x + t d");
        assertTrue(value <= f0 + C1 * result.step() * slope0, "sufficient decrease");
        assertTrue(Math.abs(Vectors.dot(g, d)) <= -C2 * slope0, "curvature");
        return result;
    }

    @Test
    void extrapolatesFromATinyFirstStep() {
        int[] evaluations = {0};
        var result = searchSteepestDescent(PARABOLA, new float[] {0}, 1e-4, evaluations);
        System.out.printf("parabola from step 1e-4: t = %g in %d evaluations%n", result.step(), evaluations[0]);
        assertTrue(evaluations[0] <= 10, "evaluations: " + evaluations[0]);
    }

    @Test
    void zoomsInFromAFarFirstStep() {
        int[] evaluations = {0};
        var result = searchSteepestDescent(PARABOLA, new float[] {0}, 1e3, evaluations);
        System.out.printf("parabola from step 1e3: t = %g in %d evaluations%n", result.step(), evaluations[0]);
        assertTrue(evaluations[0] <= 10, "evaluations: " + evaluations[0]);
    }

    @Test
    void satisfiesWolfeOnRosenbrock() {
        for (double initialStep : new double[] {1e-6, 1e-3, 1, 10}) {
            searchSteepestDescent(TestFunctions.ROSENBROCK, TestFunctions.rosenbrockStart(2), initialStep,
                    new int[1]);
        }
    }

    @Test
    void reportsNoProgressWhenTheBudgetEndsWithoutDecrease() {
        float[] x = {0};
        float[] g0 = new float[1];
        double f0 = PARABOLA.evaluate(x, g0);
        float[] d = {1};
        float[] gradientOut = {42};
        var result = new StrongWolfeLineSearch(C1, C2, 1).search(PARABOLA, x, d, f0, g0, -6, 100, gradientOut);
        assertFalse(result.madeProgress());
        assertEquals(0, result.step());
        assertEquals(f0, result.value());
        assertArrayEquals(new float[] {42}, gradientOut, "gradientOut untouched");
    }

    @Test
    void rejectsAscentDirection() {
        var search = new StrongWolfeLineSearch(C1, C2, 25);
        assertThrows(IllegalArgumentException.class,
                () -> search.search(PARABOLA, new float[1], new float[] {-1}, 9, new float[] {-6}, 6, 1, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> new StrongWolfeLineSearch(0.9, 0.1, 25));
    }

    @Test
    void cubicInterpolationIsExactOnCubicsAndClamped() {
        // f(t) = t^3 - 3t has its local minimum at 1: f(0) = 0, f'(0) = -3, f(2) = 2, f'(2) = 9.
        assertEquals(1, StrongWolfeLineSearch.cubicMinimum(0, 0, -3, 2, 2, 9, 0, 2), 1e-12);
        assertEquals(1, StrongWolfeLineSearch.cubicMinimum(2, 2, 9, 0, 0, -3, 0, 2), 1e-12);
        assertEquals(1.5, StrongWolfeLineSearch.cubicMinimum(0, 0, -3, 2, 2, 9, 1.5, 2), 1e-12);
        // A parabola (t - 2)^2 through 0 and 3 is a cubic too.
        assertEquals(2, StrongWolfeLineSearch.cubicMinimum(0, 4, -4, 3, 1, 2, 0, 3), 1e-12);
    }
}
