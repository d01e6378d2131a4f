package io.neuralstyle.optim;

import java.util.Random;

/** Objectives with known minima. Computed in double, so the only float rounding is in x and g. */
final class TestFunctions {
    private TestFunctions() {
    }

    /** 0.5 x'Ax - b'x for diagonal A; the minimum is at A^-1 b. */
    static final class Quadratic implements Objective {
        final double[] diagonal;
        final double[] solution;

        /**
         * n-dimensional, with A's diagonal spaced geometrically from 1 to {@code condition} and a
         * solution drawn uniformly from [-1, 1] with a fixed seed.
         */
        Quadratic(int n, double condition) {
            diagonal = new double[n];
            solution = new double[n];
            Random random = new Random(42);
            for (int i = 0; i < n; i++) {
                diagonal[i] = Math.pow(condition, i / (double) (n - 1));
                solution[i] = 2 * random.nextDouble() - 1;
            }
        }

        @Override
        public double evaluate(float[] x, float[] gradient) {
            double value = 0;
            for (int i = 0; i < x.length; i++) {
                double b = diagonal[i] * solution[i];
                value += 0.5 * diagonal[i] * x[i] * x[i] - b * x[i];
                gradient[i] = (float) (diagonal[i] * x[i] - b);
            }
            return value;
        }

        double distanceToSolution(float[] x) {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += (x[i] - solution[i]) * (x[i] - solution[i]);
            }
            return Math.sqrt(sum);
        }
    }

    /**
     * The extended Rosenbrock function, sum over pairs of 100 (x2 - x1^2)^2 + (1 - x1)^2 (Moré,
     * Garbow &amp; Hillstrom 1981, problem 21); for n = 2 the classic banana. The minimum is 0, at all ones.
     */
    static final Objective ROSENBROCK = (x, gradient) -> {
        double value = 0;
        for (int i = 0; i < x.length; i += 2) {
            double x1 = x[i];
            double x2 = x[i + 1];
            double valley = x2 - x1 * x1;
            value += 100 * valley * valley + (1 - x1) * (1 - x1);
            gradient[i] = (float) (-400 * x1 * valley - 2 * (1 - x1));
            gradient[i + 1] = (float) (200 * valley);
        }
        return value;
    };

    /** The standard start for (extended) Rosenbrock: (-1.2, 1) repeated. */
    static float[] rosenbrockStart(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i += 2) {
            x[i] = -1.2f;
            x[i + 1] = 1f;
        }
        return x;
    }

    static double distanceToOnes(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (v - 1.0) * (v - 1.0);
        }
        return Math.sqrt(sum);
    }

    static final Optimizer.Monitor CONTINUE = it -> true;
}
