package io.neuralstyle.optim;

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
     * Records the step from x to x + step * d, where the gradient went from {@code gradient} to
     * {@code nextGradient}, unless its curvature s'y is not clearly positive.
     *
     * @return whether the pair was stored
     */
    boolean add(double step, float[] d, float[] gradient, float[] nextGradient) {
        // First measure the pair, so a rejected pair does not overwrite the oldest stored one. The
        // float-rounded values are the ones stored, so rho matches the stored pair exactly.
        double sy = 0;
        double ss = 0;
        double yy = 0;
        for (int i = 0; i < n; i++) {
            float si = (float) (step * d[i]);
            float yi = nextGradient[i] - gradient[i];
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
            sSlot[i] = (float) (step * d[i]);
            ySlot[i] = nextGradient[i] - gradient[i];
        }
        rho[slot] = 1 / sy;
        gamma = sy / yy;
        newest = slot;
        size = Math.min(size + 1, s.length);
        return true;
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
