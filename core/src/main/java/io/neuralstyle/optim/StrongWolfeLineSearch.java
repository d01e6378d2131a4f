package io.neuralstyle.optim;

/**
 * Finds a step t along a descent direction d from x that satisfies the strong Wolfe conditions
 * <pre>
 *   f(x + t d) &lt;= f(x) + c1 t g'd         (sufficient decrease)
 *   |g(x + t d)'d| &lt;= c2 |g'd|             (curvature)
 * </pre>
 * Sufficient decrease makes every accepted step lower the loss; curvature keeps s'y &gt; 0, which
 * L-BFGS needs to keep its inverse Hessian positive definite.
 *
 * <p>The algorithm is Nocedal &amp; Wright's (Numerical Optimization, 2nd ed., Algorithms 3.5 and
 * 3.6): extrapolate until the minimum along d is bracketed, then zoom into the bracket. Trial steps
 * come from cubic interpolation with the safeguards of torch's {@code _strong_wolfe} (PyTorch's
 * LBFGS, after minFunc), which is the reference behaviour for neural style.
 *
 * <p>With a {@link Box}, the search runs along the projected path {@code P(x + t d)}, P moving
 * each coordinate to the nearest value inside the box: every trial point is inside, and the slope
 * along the path counts only the coordinates that are inside at that step (the others stay on their
 * bound as t grows). This is the line search of projected quasi-Newton methods for bound constraints.
 *
 * <p>Not thread-safe: it keeps three n-float work buffers between calls.
 */
final class StrongWolfeLineSearch {
    /** Stop zooming once trial points differ by less than this in every coordinate (as torch). */
    private static final double MIN_POINT_CHANGE = 1e-9;

    /**
     * The accepted step; {@code step == 0} when no point satisfying sufficient decrease was found.
     * {@code evaluation} is which of the search's evaluations, counting from 1, gave {@code value}.
     */
    record Result(double step, double value, int evaluation) {
        boolean madeProgress() {
            return step > 0;
        }
    }

    private final double c1;
    private final double c2;
    private final int maxEvaluations;
    private final Box box;

    private float[] trialPoint = new float[0];
    private float[] gradientA = new float[0];
    private float[] gradientB = new float[0];

    /**
     * @param c1             sufficient-decrease constant, 0 &lt; c1 &lt; c2
     * @param c2             curvature constant, c1 &lt; c2 &lt; 1 (0.9 suits quasi-Newton methods)
     * @param maxEvaluations evaluations allowed per search, at least 1
     */
    StrongWolfeLineSearch(double c1, double c2, int maxEvaluations) {
        this(c1, c2, maxEvaluations, Box.NONE);
    }

    /** As above, searching along the projected path inside {@code box}. */
    StrongWolfeLineSearch(double c1, double c2, int maxEvaluations, Box box) {
        if (!(0 < c1 && c1 < c2 && c2 < 1)) {
            throw new IllegalArgumentException("need 0 < c1 < c2 < 1, got c1=" + c1 + ", c2=" + c2);
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations must be at least 1, got " + maxEvaluations);
        }
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
        this.box = box;
    }

    /**
     * Searches along {@code d} from {@code x}. When the evaluation budget runs out before the Wolfe
     * conditions hold, returns the best point found that satisfies sufficient decrease, if any.
     *
     * @param x           the start point, inside the box; not changed
     * @param d           the direction; {@code slope0} must be negative
     * @param value0      f(x)
     * @param gradient0   g(x); not changed
     * @param slope0      the slope of the path at t = 0: g(x)'d, over the coordinates that move
     * @param initialStep the first step tried, &gt; 0
     * @param gradientOut receives the gradient at the returned step's point, when it made progress
     */
    Result search(Objective f, float[] x, float[] d, double value0, float[] gradient0, double slope0,
            double initialStep, float[] gradientOut) {
        if (!(slope0 < 0)) {
            throw new IllegalArgumentException("not a descent direction: g'd = " + slope0);
        }
        ensureCapacity(x.length);
        double dMax = Vectors.maxAbs(d);

        // Bracketing phase (N&W Algorithm 3.5). "prev" is the previous trial, initially t = 0.
        double tPrev = 0;
        double fPrev = value0;
        double slopePrev = slope0;
        float[] gPrev = gradient0;
        double t = initialStep;
        float[] gNew = spareFor(gPrev);
        double fNew = evaluate(f, x, t, d, gNew);
        double slopeNew = slope(gNew, x, t, d);
        int evaluations = 1;
        while (true) {
            if (!sufficientDecrease(t, fNew, value0, slope0) || (evaluations > 1 && fNew >= fPrev)) {
                break; // the minimum lies between prev and new
            }
            if (Math.abs(slopeNew) <= -c2 * slope0) {
                copyIfNeeded(gNew, gradientOut);
                return new Result(t, fNew, evaluations); // strong Wolfe holds
            }
            if (slopeNew >= 0 || evaluations >= maxEvaluations) {
                break; // passed the minimum (or out of budget): new is the best point so far
            }
            // Still descending: extrapolate, at least a little beyond t and at most 10 t.
            double tNext = cubicMinimum(tPrev, fPrev, slopePrev, t, fNew, slopeNew, t + 0.01 * (t - tPrev), 10 * t);
            tPrev = t;
            fPrev = fNew;
            slopePrev = slopeNew;
            gPrev = gNew;
            t = tNext;
            gNew = spareFor(gPrev);
            fNew = evaluate(f, x, t, d, gNew);
            slopeNew = slope(gNew, x, t, d);
            evaluations++;
        }

        // Zoom phase (N&W Algorithm 3.6) on the bracket [lo, hi]. Invariant: lo is the lowest point
        // found that satisfies sufficient decrease (or t = 0), and the minimum lies between lo and hi.
        // Only lo's gradient is kept, so two buffers suffice.
        boolean newIsLow = sufficientDecrease(t, fNew, value0, slope0) && fNew < fPrev;
        double tLo = newIsLow ? t : tPrev;
        int evaluationLo = newIsLow ? evaluations : evaluations - 1;
        double fLo = newIsLow ? fNew : fPrev;
        double slopeLo = newIsLow ? slopeNew : slopePrev;
        float[] gLo = newIsLow ? gNew : gPrev;
        double tHi = newIsLow ? tPrev : t;
        double fHi = newIsLow ? fPrev : fNew;
        double slopeHi = newIsLow ? slopePrev : slopeNew;
        boolean insufficientProgress = false;
        while (evaluations < maxEvaluations && Math.abs(tHi - tLo) * dMax >= MIN_POINT_CHANGE) {
            double left = Math.min(tLo, tHi);
            double right = Math.max(tLo, tHi);
            t = cubicMinimum(tLo, fLo, slopeLo, tHi, fHi, slopeHi, left, right);
            // torch's safeguard: a trial hugging an end of the bracket shrinks it too slowly, so the
            // second time in a row (or at once if it is on an end) move it 10% of the width inside.
            double margin = 0.1 * (right - left);
            if (Math.min(right - t, t - left) < margin) {
                if (insufficientProgress || t >= right || t <= left) {
                    t = Math.abs(t - right) < Math.abs(t - left) ? right - margin : left + margin;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            gNew = spareFor(gLo);
            fNew = evaluate(f, x, t, d, gNew);
            slopeNew = slope(gNew, x, t, d);
            evaluations++;
            if (!sufficientDecrease(t, fNew, value0, slope0) || fNew >= fLo) {
                tHi = t;
                fHi = fNew;
                slopeHi = slopeNew;
                continue;
            }
            boolean done = Math.abs(slopeNew) <= -c2 * slope0;
            if (!done && slopeNew * (tHi - tLo) >= 0) {
                tHi = tLo; // the minimum lies on the other side of the new point: lo becomes hi
                fHi = fLo;
                slopeHi = slopeLo;
            }
            tLo = t;
            evaluationLo = evaluations;
            fLo = fNew;
            slopeLo = slopeNew;
            gLo = gNew;
            if (done) {
                break;
            }
        }
        if (tLo == 0) {
            return new Result(0, value0, 0);
        }
        copyIfNeeded(gLo, gradientOut);
        return new Result(tLo, fLo, evaluationLo);
    }

    private boolean sufficientDecrease(double t, double value, double value0, double slope0) {
        return value <= value0 + c1 * t * slope0;
    }

    private double evaluate(Objective f, float[] x, double t, float[] d, float[] gradient) {
        pointOnPath(x, t, d, box, trialPoint);
        return f.evaluate(trialPoint, gradient);
    }

    /**
     * out = P(x + t d); {@code out} may be {@code x}. The optimizer moves x with this same method, so
     * the accepted x is bit-identical to the point whose loss and gradient were computed.
     */
    static void pointOnPath(float[] x, double t, float[] d, Box box, float[] out) {
        Vectors.pointOnLine(x, t, d, out);
        box.project(out);
    }

    /** The derivative of f(P(x + t d)) in t: the coordinates held on a bound do not move. */
    private double slope(float[] gradient, float[] x, double t, float[] d) {
        if (!box.bounded()) {
            return Vectors.dot(gradient, d);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            if (box.contains((float) (x[i] + t * d[i]))) {
                sum += (double) gradient[i] * d[i];
            }
        }
        return sum;
    }

    /** The work buffer not holding {@code kept}, which may also be the caller's gradient0. */
    private float[] spareFor(float[] kept) {
        return kept == gradientA ? gradientB : gradientA;
    }

    private static void copyIfNeeded(float[] from, float[] to) {
        if (from != to) {
            System.arraycopy(from, 0, to, 0, to.length);
        }
    }

    private void ensureCapacity(int n) {
        if (trialPoint.length != n) {
            trialPoint = new float[n];
            gradientA = new float[n];
            gradientB = new float[n];
        }
    }

    /**
     * The minimizer of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to
     * [lo, hi]; the middle of [lo, hi] when the cubic has no minimum (N&amp;W eq. 3.59).
     */
    static double cubicMinimum(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
            double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (!(d2Square >= 0)) {
            return (lo + hi) / 2;
        }
        double d2 = Math.sqrt(d2Square);
        double min = x1 <= x2
                ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        if (Double.isNaN(min)) {
            return (lo + hi) / 2;
        }
        return Math.min(Math.max(min, lo), hi);
    }
}
