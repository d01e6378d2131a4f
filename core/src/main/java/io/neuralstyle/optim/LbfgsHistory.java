package io.neuralstyle.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

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

    /**
     * direction = -H g, by the two-loop recursion; plain steepest descent -g while empty. Each of its
     * 2 m steps updates q and then takes the next step's dot product with it; the two are done in one
     * pass ({@link #updateThenDot}), split over the cores: with m = 100 on a 512 x 384 image the
     * recursion is about 600 passes over 2.4 MB vectors, measured as about a quarter of an
     * iteration's time when run serially in separate passes.
     */
    void direction(float[] gradient, float[] direction) {
        for (int i = 0; i < n; i++) {
            direction[i] = -gradient[i];
        }
        if (size == 0) {
            return;
        }
        int capacity = s.length;
        // First loop, newest to oldest: alpha_j = rho_j s_j'q, then q -= alpha_j y_j.
        double dot = updateThenDot(0, null, direction, 1, s[newest]);
        for (int k = 0; k < size; k++) {
            int j = Math.floorMod(newest - k, capacity);
            alpha[j] = rho[j] * dot;
            boolean last = k == size - 1;
            // After the last one, q = H0 q = gamma q, and the second loop's first dot is y_oldest'q.
            float[] next = last ? y[j] : s[Math.floorMod(newest - k - 1, capacity)];
            dot = updateThenDot(-alpha[j], y[j], direction, last ? gamma : 1, next);
        }
        // Second loop, oldest to newest: beta = rho_j y_j'q, then q += (alpha_j - beta) s_j.
        for (int k = size - 1; k >= 0; k--) {
            int j = Math.floorMod(newest - k, capacity);
            double beta = rho[j] * dot;
            float[] next = k > 0 ? y[Math.floorMod(newest - k + 1, capacity)] : null;
            dot = updateThenDot(alpha[j] - beta, s[j], direction, 1, next);
        }
    }

    /** Elements per unit of parallel work: large enough that a task outweighs its scheduling. */
    static final int CHUNK = 1 << 15;

    /**
     * q = scale (q + a x) (x may be null: q = scale q), rounded to float per element as separate
     * passes would, and then next'q (0 if next is null). The vector is cut into fixed chunks whose
     * partial sums are added in chunk order, so the result does not depend on how many threads run
     * them or in what order: a run and its resume give the same bits on any machine.
     */
    private double updateThenDot(double a, float[] x, float[] q, double scale, float[] next) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks == 1) {
            return updateThenDot(a, x, q, scale, next, 0, n);
        }
        double[] partial = new double[chunks];
        IntStream.range(0, chunks).parallel().forEach(c ->
                partial[c] = updateThenDot(a, x, q, scale, next, c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
        double sum = 0;
        for (double p : partial) {
            sum += p;
        }
        return sum;
    }

    private static double updateThenDot(double a, float[] x, float[] q, double scale, float[] next, int from,
            int to) {
        for (int i = from; i < to; i++) {
            float v = x == null ? q[i] : (float) (q[i] + a * x[i]);
            q[i] = scale == 1 ? v : (float) (scale * v);
        }
        if (next == null) {
            return 0;
        }
        // Four sums, so that the additions do not wait on each other.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += (double) next[i] * q[i];
            s1 += (double) next[i + 1] * q[i + 1];
            s2 += (double) next[i + 2] * q[i + 2];
            s3 += (double) next[i + 3] * q[i + 3];
        }
        for (; i < to; i++) {
            s0 += (double) next[i] * q[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
