package io.neuralstyle.optim;

/**
 * Bounds {@code lower <= x_i <= upper} on every coordinate. An optimizer given a box only ever
 * evaluates points inside it, so the value it minimizes is the value of the point it returns: for
 * an image whose pixels must lie in [0, 1], the loss of the image that is written, not of one that
 * is clamped afterwards.
 *
 * @param lower the least value of every coordinate, or negative infinity
 * @param upper the greatest value of every coordinate, or positive infinity
 */
public record Box(float lower, float upper) {
    /** No bounds: the unconstrained problem. */
    public static final Box NONE = new Box(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    /** [0, 1]: the range of an image's values. */
    public static final Box UNIT = new Box(0f, 1f);

    public Box {
        if (!(lower < upper)) {
            throw new IllegalArgumentException("a box needs lower < upper, got [" + lower + ", " + upper + "]");
        }
    }

    public boolean bounded() {
        return lower != Float.NEGATIVE_INFINITY || upper != Float.POSITIVE_INFINITY;
    }

    float clamp(float v) {
        return Math.max(lower, Math.min(upper, v));
    }

    boolean contains(float v) {
        return v >= lower && v <= upper;
    }

    /** Moves every coordinate of {@code x} to the nearest value inside the box. */
    void project(float[] x) {
        if (bounded()) {
            for (int i = 0; i < x.length; i++) {
                x[i] = clamp(x[i]);
            }
        }
    }

    /**
     * The gradient with the components zeroed whose coordinate sits on a bound that steepest descent
     * would push it through: the gradient of the problem restricted to the coordinates that can move.
     * It is zero exactly where x satisfies the first-order conditions of the bounded problem.
     */
    void projectedGradient(float[] x, float[] gradient, float[] out) {
        for (int i = 0; i < x.length; i++) {
            boolean pinned = x[i] <= lower && gradient[i] > 0 || x[i] >= upper && gradient[i] < 0;
            out[i] = pinned ? 0f : gradient[i];
        }
    }

    /** Zeroes the components of a direction that would leave the box at once from {@code x}. */
    void keepInside(float[] x, float[] direction) {
        if (bounded()) {
            for (int i = 0; i < x.length; i++) {
                if (x[i] <= lower && direction[i] < 0 || x[i] >= upper && direction[i] > 0) {
                    direction[i] = 0f;
                }
            }
        }
    }
}
