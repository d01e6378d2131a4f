package io.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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
}
