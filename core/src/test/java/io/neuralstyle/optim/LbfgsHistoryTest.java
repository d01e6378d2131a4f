package io.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class LbfgsHistoryTest {
    private static final int N = 20;
    private final Random random = new Random(1);

    /** Adds the pair (s, y) as the step x -&gt; x + s with the gradient going from 0 to y. */
    private static boolean add(LbfgsHistory history, float[] s, float[] y) {
        return history.add(new float[s.length], 1, s, Box.NONE, new float[s.length], y);
    }

    /** A random pair with positive curvature, as a Wolfe step on a convex function gives. */
    private float[][] randomPair() {
        float[] s = new float[N];
        float[] y = new float[N];
        for (int i = 0; i < N; i++) {
            s[i] = (float) random.nextGaussian();
            y[i] = (float) ((1 + random.nextDouble()) * s[i] + 0.1 * random.nextGaussian());
        }
        return new float[][] {s, y};
    }

    @Test
    void emptyHistoryGivesSteepestDescent() {
        var history = new LbfgsHistory(5, 3);
        float[] d = new float[3];
        history.direction(new float[] {1, -2, 3}, d);
        assertArrayEquals(new float[] {-1, 2, -3}, d);
    }

    @Test
    void newestPairSatisfiesTheSecantEquation() {
        // BFGS updates make H y = s for the newest pair, so the direction for gradient y is -s;
        // checked while the ring buffer fills and after it has wrapped around.
        var history = new LbfgsHistory(3, N);
        for (int k = 1; k <= 7; k++) {
            float[][] pair = randomPair();
            assertTrue(add(history, pair[0], pair[1]));
            assertEquals(Math.min(k, 3), history.size());
            float[] d = new float[N];
            history.direction(pair[1], d);
            for (int i = 0; i < N; i++) {
                assertEquals(-pair[0][i], d[i], 1e-4 * (1 + Math.abs(pair[0][i])), "pair " + k + ", element " + i);
            }
        }
    }

    @Test
    void directionIsDescent() {
        var history = new LbfgsHistory(4, N);
        for (int k = 0; k < 6; k++) {
            float[][] pair = randomPair();
            add(history, pair[0], pair[1]);
            float[] g = randomPair()[0];
            float[] d = new float[N];
            history.direction(g, d);
            assertTrue(Vectors.dot(g, d) < 0);
        }
    }

    @Test
    void rejectsPairsWithoutPositiveCurvature() {
        var history = new LbfgsHistory(3, 2);
        assertFalse(add(history, new float[] {1, 0}, new float[] {-1, 0}));
        assertFalse(add(history, new float[] {1, 0}, new float[] {0, 1}));
        assertTrue(history.isEmpty());
        assertTrue(add(history, new float[] {1, 0}, new float[] {2, 0}));
        assertEquals(1, history.size());
    }

    @Test
    void clearForgetsThePairs() {
        var history = new LbfgsHistory(3, N);
        float[][] pair = randomPair();
        add(history, pair[0], pair[1]);
        history.clear();
        assertTrue(history.isEmpty());
        float[] d = new float[N];
        history.direction(pair[1], d);
        for (int i = 0; i < N; i++) {
            assertEquals(-pair[1][i], d[i]);
        }
    }

    /** A history of {@code pairs} random pairs over {@code n} elements, with its pairs. */
    private LbfgsHistory filled(int capacity, int pairs, int n, List<float[][]> out) {
        var history = new LbfgsHistory(capacity, n);
        for (int k = 0; k < pairs; k++) {
            float[] s = new float[n];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = (float) random.nextGaussian();
                y[i] = (float) ((1 + random.nextDouble()) * s[i] + 0.1 * random.nextGaussian());
            }
            assertTrue(add(history, s, y));
            out.add(new float[][] {s, y});
        }
        return history;
    }

    @Test
    void directionOverManyChunksMatchesTheTwoLoopRecursionInDouble() {
        // Several chunks and a ragged end, and a ring buffer that has wrapped around (7 pairs in 4).
        int n = 3 * LbfgsHistory.CHUNK + 123;
        List<float[][]> pairs = new ArrayList<>();
        LbfgsHistory history = filled(4, 7, n, pairs);
        List<float[][]> kept = pairs.subList(3, 7);
        float[] g = randomVector(n);
        float[] d = new float[n];
        history.direction(g, d);

        // Nocedal & Wright, Algorithm 7.4, in double, written out plainly.
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = g[i];
        }
        double[] a = new double[kept.size()];
        double[] rho = new double[kept.size()];
        for (int k = kept.size() - 1; k >= 0; k--) {
            rho[k] = 1 / Vectors.dot(kept.get(k)[0], kept.get(k)[1]);
            a[k] = rho[k] * dot(kept.get(k)[0], q);
            for (int i = 0; i < n; i++) {
                q[i] -= a[k] * kept.get(k)[1][i];
            }
        }
        float[][] newest = kept.get(kept.size() - 1);
        double gamma = Vectors.dot(newest[0], newest[1]) / Vectors.dot(newest[1], newest[1]);
        for (int i = 0; i < n; i++) {
            q[i] *= gamma;
        }
        for (int k = 0; k < kept.size(); k++) {
            double b = rho[k] * dot(kept.get(k)[1], q);
            for (int i = 0; i < n; i++) {
                q[i] += (a[k] - b) * kept.get(k)[0][i];
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(-q[i], d[i], 1e-4 * (1 + Math.abs(q[i])), "element " + i);
        }
    }

    @Test
    void directionHasTheSameBitsWhateverTheThreads() throws Exception {
        int n = 5 * LbfgsHistory.CHUNK + 7;
        LbfgsHistory history = filled(5, 5, n, new ArrayList<>());
        float[] g = randomVector(n);
        float[] one = new float[n];
        float[] four = new float[n];
        ForkJoinPool single = new ForkJoinPool(1);
        ForkJoinPool several = new ForkJoinPool(4);
        try {
            single.submit(() -> history.direction(g, one)).get();
            several.submit(() -> history.direction(g, four)).get();
        } finally {
            single.shutdown();
            several.shutdown();
        }
        assertArrayEquals(one, four);
    }

    private float[] randomVector(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static double dot(float[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
