package io.neuralstyle.engine;

import java.util.Arrays;
import java.util.List;

/**
 * The sliced loss's target on one direction: the quantile function of the paintings' projections.
 * One painting's samples weigh alike; a blend is the mixture of the paintings' distributions, so their
 * projections are pooled, painting k's samples each weighing {@code b_k / (sum b * M_k)}: each painting
 * counts for its share whatever its size. In ascending order, a sample of cumulative weight C before it
 * and weight w sits at {@code C + w / 2}; the function is linear between samples and clamped at the
 * ends. For one painting the samples sit at {@code (j + 1/2) / M_s}, as before blends existed.
 *
 * <p>Weights are kept in a unit where one painting's samples weigh exactly 1 (the mixture's share
 * times the pooled count over the painting's): its positions are then the exact half-integers
 * {@code j + 1/2}, and {@link #resampled} gives bit for bit the index formula of one painting.
 */
final class Quantiles {
    private final double[] values;
    private final double[] knots;
    private final double total;

    private Quantiles(double[] values, double[] knots, double total) {
        this.values = values;
        this.knots = knots;
        this.total = total;
    }

    /**
     * The quantile table of {@link LossTerms#maskedSlicedSse}: for each direction, the pooled samples'
     * positions in (0, 1) and their values, ascending; K x {@code size}, row-major.
     */
    record Table(int size, float[] knots, float[] values) {
    }

    /**
     * The K directions' quantile functions sampled at {@code positions} quantiles, value i at
     * {@code (i + 1/2) / positions}: K x positions, row-major, each row from the largest down (the order
     * {@link LossTerms#slicedSse} wants).
     */
    static float[] resampledDescending(List<FeatureMap> paintings, double[] blend, float[] directions, int k,
            int positions) {
        float[] out = new float[k * positions];
        for (int j = 0; j < k; j++) {
            double[] r = of(paintings, blend, directions, k, j).resampled(positions);
            for (int i = 0; i < positions; i++) {
                out[j * positions + positions - 1 - i] = (float) r[i];
            }
        }
        return out;
    }

    /** The K directions' quantile functions as a table of positions and values (see {@link Table}). */
    static Table table(List<FeatureMap> paintings, double[] blend, float[] directions, int k) {
        float[] knots = null;
        float[] values = null;
        int size = 0;
        for (int j = 0; j < k; j++) {
            Quantiles q = of(paintings, blend, directions, k, j);
            if (knots == null) {
                size = q.values.length;
                knots = new float[k * size];
                values = new float[k * size];
            }
            for (int i = 0; i < size; i++) {
                knots[j * size + i] = (float) (q.knots[i] / q.total);
                values[j * size + i] = (float) q.values[i];
            }
        }
        return new Table(size, knots, values);
    }

    /**
     * Direction j's quantile function of the paintings, blended by {@code blend} (one weight per
     * painting, at least 0, with a positive sum); paintings of weight 0 are left out.
     */
    private static Quantiles of(List<FeatureMap> paintings, double[] blend, float[] directions, int k, int j) {
        if (blend.length != paintings.size()) {
            throw new IllegalArgumentException(paintings.size() + " paintings, " + blend.length + " blend weights");
        }
        double sum = 0;
        int pooled = 0;
        for (int i = 0; i < blend.length; i++) {
            if (blend[i] > 0) {
                sum += blend[i];
                pooled += paintings.get(i).positions();
            }
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("the blend weights must have a positive sum: " + Arrays.toString(blend));
        }
        double[][] sorted = new double[paintings.size()][];
        double[] weight = new double[paintings.size()];
        for (int i = 0; i < sorted.length; i++) {
            if (blend[i] > 0) {
                sorted[i] = sortedProjection(paintings.get(i), directions, k, j);
                weight[i] = blend[i] / sum * ((double) pooled / paintings.get(i).positions());
            }
        }
        // Merge the paintings' sorted projections (a few lists) into one ascending list with weights.
        double[] values = new double[pooled];
        double[] knots = new double[pooled];
        int[] next = new int[sorted.length];
        double before = 0;
        for (int q = 0; q < pooled; q++) {
            int from = -1;
            for (int i = 0; i < sorted.length; i++) {
                if (sorted[i] != null && next[i] < sorted[i].length
                        && (from < 0 || sorted[i][next[i]] < sorted[from][next[from]])) {
                    from = i;
                }
            }
            values[q] = sorted[from][next[from]++];
            knots[q] = before + weight[from] / 2;
            before += weight[from];
        }
        return new Quantiles(values, knots, before);
    }

    /** The painting's features projected on direction j, ascending, in double. */
    private static double[] sortedProjection(FeatureMap painting, float[] directions, int k, int j) {
        int n = painting.channels();
        float[] v = painting.hwc();
        double[] p = new double[painting.positions()];
        for (int q = 0; q < p.length; q++) {
            double s = 0;
            int base = q * n;
            for (int c = 0; c < n; c++) {
                s += v[base + c] * directions[c * k + j];
            }
            p[q] = s;
        }
        Arrays.sort(p);
        return p;
    }

    /** The quantiles {@code (i + 1/2) / count}, i = 0 .. count - 1, ascending. */
    private double[] resampled(int count) {
        double[] out = new double[count];
        int last = values.length - 1;
        int lo = 0;
        for (int i = 0; i < count; i++) {
            // In the unit of the weights: for one painting exactly (i + 1/2) M_s / count.
            double u = (i + 0.5) * total / count;
            if (u <= knots[0]) {
                out[i] = values[0];
            } else if (u >= knots[last]) {
                out[i] = values[last];
            } else {
                while (knots[lo + 1] <= u) {
                    lo++;
                }
                double frac = (u - knots[lo]) / (knots[lo + 1] - knots[lo]);
                out[i] = values[lo] + frac * (values[lo + 1] - values[lo]);
            }
        }
        return out;
    }
}
