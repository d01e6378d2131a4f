package io.neuralstyle.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * The last m curvature pairs s = x' - x, y = g' - g of L-BFGS, in a ring buffer of float arrays,
 * and the two-loop recursion that turns them into a search direction -H g (Nocedal &amp; Wright,
 * Algorithm 7.4). Pair arrays are allocated the first time their slot is used, so a short run does
 * not pay for the full 2 m n floats.
 */
final class LbfgsHistory {
    /**
     * Pairs whose s and y are (nearly) orthogonal carry no usable curvature and would make H
     * ill-conditioned or indefinite. Measured as a cosine so it does not depend on the loss scale;
     * torch and minFunc use an absolute s'y &gt; 1e-10, which does.
     */
    private static final double MIN_CURVATURE_COSINE = 1e-10;

    private final float[][] s;
    private final float[][] y;
    private final double[] rho; // 1 / s'y
    private final double[] alpha; // two-loop scratch, kept to avoid allocating per iteration
    private final int n;
    private int size;
    private int newest = -1;
    private double gamma = 1; // H0 = gamma I, gamma = s'y / y'y of the newest pair (N&W eq. 7.20)

    LbfgsHistory(int capacity, int n) {
        this.s = new float[capacity][];
        this.y = new float[capacity][];
        this.rho = new double[capacity];
        this.alpha = new double[capacity];
        this.n = n;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Forgets all pairs (keeps the allocated arrays): the next direction is steepest descent. */
    void clear() {
        size = 0;
        newest = -1;
        gamma = 1;
    }

    /**
     * Records the step from x to P(x + step * d) (P: the box's projection), where the gradient went
     * from {@code gradient} to {@code nextGradient}, unless its curvature s'y is not clearly positive.
     * A coordinate that the box held still (s_i = 0 on a bound) carries no curvature of the free
     * problem, so its y_i is left out: it would otherwise bend the directions of the free ones.
     *
     * @return whether the pair was stored
     */
    boolean add(float[] x, double step, float[] d, Box box, float[] gradient, float[] nextGradient) {
        // First measure the pair, so a rejected pair does not overwrite the oldest stored one. The
        // float-rounded values are the ones stored, so rho matches the stored pair exactly.
        double sy = 0;
        double ss = 0;
        double yy = 0;
        for (int i = 0; i < n; i++) {
            float si = displacement(x[i], step, d[i], box);
            float yi = curvature(si, x[i], box, gradient[i], nextGradient[i]);
            sy += (double) si * yi;
            ss += (double) si * si;
            yy += (double) yi * yi;
        }
        if (!(sy > MIN_CURVATURE_COSINE * Math.sqrt(ss) * Math.sqrt(yy))) {
            return false;
        }
        int slot = (newest + 1) % s.length;
        if (s[slot] == null) {
            s[slot] = new float[n];
            y[slot] = new float[n];
        }
        float[] sSlot = s[slot];
        float[] ySlot = y[slot];
        for (int i = 0; i < n; i++) {
            sSlot[i] = displacement(x[i], step, d[i], box);
            ySlot[i] = curvature(sSlot[i], x[i], box, gradient[i], nextGradient[i]);
        }
        rho[slot] = 1 / sy;
        gamma = sy / yy;
        newest = slot;
        size = Math.min(size + 1, s.length);
        return true;
    }

    /** s_i: unbounded, the step itself, t d_i; in a box, how far the coordinate actually moved. */
    private static float displacement(float x, double step, float d, Box box) {
        if (!box.bounded()) {
            return (float) (step * d);
        }
        return box.clamp((float) (x + step * d)) - x;
    }

    private static float curvature(float s, float x, Box box, float gradient, float nextGradient) {
        boolean held = s == 0 && box.bounded() && !(x > box.lower() && x < box.upper());
        return held ? 0f : nextGradient - gradient;
    }

    /** The stored pairs, oldest first: s then y of each; the optimizer's own arrays, not copies. */
    List<float[]> pairs() {
        List<float[]> out = new ArrayList<>();
        for (int k = size - 1; k >= 0; k--) { // oldest to newest
            int j = Math.floorMod(newest - k, s.length);
            out.add(s[j]);
            out.add(y[j]);
        }
        return out;
    }

    /** 1 / s'y of each stored pair, oldest first, then gamma. */
    double[] numbers() {
        double[] out = new double[size + 1];
        for (int k = size - 1, i = 0; k >= 0; k--, i++) {
            out[i] = rho[Math.floorMod(newest - k, s.length)];
        }
        out[size] = gamma;
        return out;
    }

    /**
     * Replaces the history with pairs that {@link #pairs()} and {@link #numbers()} gave, keeping the
     * newest ones if there are more than this history holds, and taking their arrays as they are (no
     * copies: a checkpoint's pairs can be hundreds of megabytes). The directions then computed are
     * the same, bit for bit, as those of the history the pairs came from.
     */
    void restore(List<float[]> pairs, double[] numbers) {
        int count = pairs.size() / 2;
        if (pairs.size() % 2 != 0 || numbers.length != count + 1) {
            throw new IllegalArgumentException("a saved L-BFGS history needs an s and a y per pair and 1/s'y of each"
                    + " plus gamma; got " + pairs.size() + " arrays and " + numbers.length + " numbers");
        }
        clear();
        for (int i = Math.max(0, count - s.length); i < count; i++) {
            int slot = (newest + 1) % s.length;
            s[slot] = pairs.get(2 * i);
            y[slot] = pairs.get(2 * i + 1);
            rho[slot] = numbers[i];
            newest = slot;
            size = Math.min(size + 1, s.length);
        }
        gamma = numbers[count];
    }

    /** direction = -H g, by the two-loop recursion; plain steepest descent -g while empty. */
    void direction(float[] gradient, float[] direction) {
        for (int i = 0; i < n; i++) {
            direction[i] = -gradient[i];
        }
        int capacity = s.length;
        for (int k = 0; k < size; k++) { // newest to oldest
            int j = Math.floorMod(newest - k, capacity);
            alpha[j] = rho[j] * Vectors.dot(s[j], direction);
            Vectors.addScaled(-alpha[j], y[j], direction);
        }
        if (gamma != 1) {
            Vectors.scale(gamma, direction);
        }
        for (int k = size - 1; k >= 0; k--) { // oldest to newest
            int j = Math.floorMod(newest - k, capacity);
            double beta = rho[j] * Vectors.dot(y[j], direction);
            Vectors.addScaled(alpha[j] - beta, s[j], direction);
        }
    }
}
