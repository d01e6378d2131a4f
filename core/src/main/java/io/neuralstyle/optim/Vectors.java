package io.neuralstyle.optim;

/**
 * The few vector operations the optimizers need. Vectors are float[] to halve memory (n can be
 * 3 x 2048 x 2048), but every reduction accumulates in double: a float sum over millions of terms
 * loses most of its digits.
 */
final class Vectors {
    private Vectors() {
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    static double norm1(float[] a) {
        double sum = 0;
        for (float v : a) {
            sum += Math.abs(v);
        }
        return sum;
    }

    static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    static boolean isZero(float[] a) {
        for (float v : a) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** y += alpha * x. */
    static void addScaled(double alpha, float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (y[i] + alpha * x[i]);
        }
    }

    static void scale(double alpha, float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (alpha * x[i]);
        }
    }

    /**
     * out = x + t * d; {@code out} may be {@code x}. The line search evaluates its trial points and
     * the optimizer then moves x with this same method, so the accepted x is bit-identical to the
     * point whose loss and gradient were computed.
     */
    static void pointOnLine(float[] x, double t, float[] d, float[] out) {
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] + t * d[i]);
        }
    }
}
