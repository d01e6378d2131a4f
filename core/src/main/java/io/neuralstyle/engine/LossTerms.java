package io.neuralstyle.engine;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.linalg.SelfAdjointEig;
import org.tensorflow.op.math.Cumsum;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Every loss term of the method, and its normalization, in one place.
 *
 * <p>Notation of Gatys, Ecker and Bethge (2015): F_l is the generated image's feature map at layer
 * l, reshaped to N_l channels x M_l positions; P_l the content image's; G_l = F_l F_l^T its Gram
 * matrix and A_l the style image's.
 *
 * <ul>
 * <li><b>Gram</b>: {@code G_l = F_l F_l^T / M_l}. Dividing by M_l (eq. 3 has no such factor) makes a
 * style image of another size, or another scale, comparable; for equal sizes eq. 4's 1/M_l^2 is
 * exactly this.</li>
 * <li><b>Masked Gram</b> (Gatys et al. 2017): {@code G_l = (F_l m_l)^T (F_l m_l) / sum m_l}, with the
 * mask m_l (values in [0, 1]) resized to layer l: the Gram matrix of the masked region alone,
 * comparable with the style image's whatever the region's size. An all-zero mask gives G = 0.</li>
 * <li><b>Content term</b> of layer l: {@code Lc_l = sum (F_l - P_l)^2 / sum P_l^2}, i.e. the paper's
 * eq. 1, {@code 1/2 sum (F - P)^2}, divided by its value for an all-zero feature map.</li>
 * <li><b>Style term</b> of layer l: {@code E_l = sum (G_l - A_l)^2 / sum A_l^2}, i.e. eq. 4 divided by
 * its value for an all-zero Gram matrix (which absorbs eq. 4's 1/(4 N_l^2)).</li>
 * <li><b>W2 style term</b> ({@code --style-loss w2}), replacing eq. 4 at layer l: the squared
 * Wasserstein-2 distance between the Gaussians with the features' mean mu and covariance C (over
 * the positions, weighted by the mask m_l / sum m_l where there is one; for a 0/1 mask that is the
 * region's plain mean and covariance), and the painting's mu_2, C_2:
 * {@code W_l = |mu - mu_2|^2 + tr(C + C_2 - 2 (C_2^1/2 C C_2^1/2)^1/2)}, divided by its value for
 * an all-zero feature map, {@code |mu_2|^2 + tr C_2} (= tr A_l, the mean squared feature norm):
 * {@code E_l = W_l / (|mu_2|^2 + tr C_2)}. The painting's C_2^1/2 is computed once per objective
 * (stage) as a constant, by a float64 eigendecomposition with negative eigenvalues set to 0
 * ({@link #sqrtPsd}). The image's {@code tr (R C R)^1/2}, R = C_2^1/2, is {@code sum_i s(lambda_i)}
 * over the eigenvalues of {@code M = R C R} (or of {@code Y Y^T}, {@code Y = Q X R} with X the
 * centred weighted features and Q the M - 1 directions orthogonal to the null vector sqrt(w) that
 * centring leaves, when there are no more positions than channels: the same nonzero eigenvalues),
 * with {@code s(l) = sqrt(max(l, 0) + eps) - sqrt(eps)}, {@code eps =
 * (1e-4 tr C_2 / N_l)^2}: s is the square root up to at most sqrt(eps) per eigenvalue, and its
 * slope is bounded by 1 / (2 sqrt eps) where the square root's is not. Differentiably: the
 * eigenvectors V of M are computed from M with its gradient stopped, and {@code lambda_i =
 * (V^T M V)_ii} taken again through M: its value is the eigenvalue, and its gradient {@code v_i v_i^T}
 * is the eigenvalue's exact derivative (first-order perturbation of a symmetric matrix), so the
 * gradient of the sum is {@code V s'(Lambda) V^T}, the spectral function's exact gradient. Only
 * matrix products, sums and square roots are differentiated; TensorFlow has no gradient for the
 * eigendecomposition and needs none (see {@link #sqrtOfTrace}).</li>
 * <li><b>Sliced style term</b> ({@code --style-loss sliced}; Heitz, Vanhoey, Chambon and Belcour,
 * "A Sliced Wasserstein Loss for Neural Texture Synthesis", CVPR 2021), replacing eq. 4: the
 * features F_l (M_l positions x N_l channels) projected on K unit directions d_k drawn once per
 * objective from {@link LossSpec#sliceSeed()} (fixed for a stage: L-BFGS's line search then compares
 * values of one function), each projection sorted and compared with the painting's sorted
 * projection resampled to M_l values (quantile (i + 1/2) / M_l, linear between the painting's own):
 * {@code S_l = sum_k sum_i (sort(F_l d_k)_i - t_k,i)^2}, divided by its value for an all-zero feature
 * map: {@code E_l = S_l / sum t^2}. {@code S_l / (K M_l)} is the mean over directions of the 1-D
 * squared W2 distance. The gradient passes through the sort as a permutation: each projected value
 * is compared with the target value of its rank. A <b>blend</b> of paintings is the mixture of their
 * projected distributions (pooled samples, painting k's each weighing {@code b_k / (sum b M_k)}; see
 * {@link Quantiles}), resampled the same way. A <b>mask</b> weighs the image's samples by m_l:
 * {@code S_l = sum_k sum_p m_p (proj_p - Q_k(c_p))^2}, c_p the fraction of the region's weight below
 * sample p on direction k (half its own counted) and Q_k the painting's quantile function, with the
 * same normalizer {@code sum t^2}; a mask of ones gives the unmasked term, an empty region 0.</li>
 * <li>{@code L_content = sum_l v_l Lc_l}, {@code L_style = sum_l w_l E_l} (eq. 5), and the total
 * {@code alpha L_content + beta L_style + sum_t weight_t L_t} over the terms of the image itself
 * (eq. 7 plus, with their own weights, an optional smoothness term, {@code tvWeight TV}, and the
 * temporal term of a video frame, {@code tau L_temporal}).</li>
 * <li><b>Terms of the image itself</b>, which need no network: each is written, with its formula, as
 * a constant of {@link ImageTerm}: {@link ImageTerm#SMOOTHNESS total variation} and the
 * {@link ImageTerm#TEMPORAL temporal term}.</li>
 * </ul>
 *
 * <p>Why divide each term by its value at zero: the gradient of every term is the paper's up to a
 * positive constant fixed by the targets, so each term's optimization is the paper's; but each term
 * becomes a relative error, independent of the network's activation scale. The Caffe VGG19 (inputs
 * 0..255) and torchvision's (inputs about -2..2) differ by a factor near 57 at the input, about 3e3 in
 * the paper's content loss and 1e7 in its style loss; with raw terms no alpha/beta works on both. With
 * relative terms the same weights do, and the per-layer weights w_l mean what they say: with w_l = 1/5
 * every layer's relative Gram error counts the same, where with eq. 4 raw the layers' magnitudes
 * differ by orders of magnitude. {@link #EPSILON} keeps a blank target (a black image's features)
 * from dividing by zero.
 *
 * <p>Where each part lives: this class builds the network-side operations that TensorFlow
 * differentiates (Gram matrices, sums of squared differences); {@link LossAssembly} holds the
 * normalizers, masks, weights and sums in plain Java, for the whole-image and the tiled objective
 * alike, and adds the terms of the image itself with their gradients; {@link ImageTerm} computes
 * them. A new term of the image is a constant of {@link ImageTerm}; the spec, the assembly and
 * {@link Losses} loop over them, and the objectives need no change.
 */
public final class LossTerms {
    /** Added to each term's denominator. */
    public static final double EPSILON = 1e-8;

    private LossTerms() {
    }

    /** G = F^T F / divisor for features laid out [1, H, W, N]; the result is N x N. */
    static Operand<TFloat32> gram(Ops tf, Operand<TFloat32> features, int channels, int positions, double divisor) {
        Operand<TFloat32> g = gramSum(tf, positionsByChannels(tf, features, channels, positions));
        return tf.math.mul(g, tf.constant((float) (1 / divisor)));
    }

    /**
     * G = (F m)^T (F m) / divisor, with the mask given position-major (one value per position); a
     * divisor of 0 (an empty region) gives G = 0.
     */
    static Operand<TFloat32> maskedGram(Ops tf, Operand<TFloat32> features, float[] mask, int channels,
            int positions, double divisor) {
        Operand<TFloat32> m = tf.constant(Shape.of(positions, 1), DataBuffers.of(mask, true, false));
        Operand<TFloat32> g = maskedGramSum(tf, positionsByChannels(tf, features, channels, positions), m);
        return tf.math.mul(g, tf.constant(divisor > 0 ? (float) (1 / divisor) : 0f));
    }

    /**
     * Features laid out [1, H, W, N] as the positions x channels matrix F of the Gram matrices; a
     * {@code positions} of -1 leaves the count to the features' size at run time (the tiles').
     */
    static Operand<TFloat32> positionsByChannels(Ops tf, Operand<TFloat32> features, int channels, int positions) {
        return tf.reshape(features, tf.constant(new int[] {positions, channels}));
    }

    /**
     * F^T F, the Gram matrix before its division: a sum over positions, so the tiled objective adds
     * its tiles' ones up to the whole image's.
     */
    static Operand<TFloat32> gramSum(Ops tf, Operand<TFloat32> f) {
        return tf.linalg.matMul(f, f, MatMul.transposeA(true));
    }

    /** (F m)^T (F m), the masked Gram matrix before its division; m is positions x 1. */
    static Operand<TFloat32> maskedGramSum(Ops tf, Operand<TFloat32> f, Operand<TFloat32> mask) {
        return gramSum(tf, tf.math.mul(f, mask));
    }

    /** The mean of a feature map over its positions, N values, summed in double. */
    static float[] mean(FeatureMap f) {
        int n = f.channels();
        double[] sum = new double[n];
        float[] v = f.hwc();
        for (int p = 0; p < f.positions(); p++) {
            for (int c = 0; c < n; c++) {
                sum[c] += v[p * n + c];
            }
        }
        float[] out = new float[n];
        for (int c = 0; c < n; c++) {
            out[c] = (float) (sum[c] / f.positions());
        }
        return out;
    }

    /** F^T F / M of a feature map (its Gram matrix as {@link #gram} defines it), summed in double. */
    static float[] secondMoment(FeatureMap f) {
        int n = f.channels();
        int m = f.positions();
        float[] v = f.hwc();
        double[] sum = new double[n * n];
        for (int p = 0; p < m; p++) {
            int base = p * n;
            for (int a = 0; a < n; a++) {
                double fa = v[base + a];
                if (fa == 0) {
                    continue;
                }
                int row = a * n;
                for (int b = a; b < n; b++) {
                    sum[row + b] += fa * v[base + b];
                }
            }
        }
        float[] out = new float[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                out[a * n + b] = out[b * n + a] = (float) (sum[a * n + b] / m);
            }
        }
        return out;
    }

    /**
     * The square root of a symmetric positive semi-definite n x n matrix (row-major): V sqrt(max(L,
     * 0)) V^T from a float64 eigendecomposition in TensorFlow. Run once per target, not differentiated.
     */
    static float[] sqrtPsd(double[] a, int n) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Operand<TFloat64> m = tf.constant(Shape.of(n, n), DataBuffers.of(a, true, false));
            SelfAdjointEig<TFloat64> eig = tf.linalg.selfAdjointEig(m, SelfAdjointEig.computeV(true));
            Operand<TFloat64> root = tf.math.sqrt(tf.math.maximum(eig.e(), tf.constant(0.0)));
            Operand<TFloat64> r = tf.linalg.matMul(tf.math.mul(eig.v(), root), eig.v(), MatMul.transposeB(true));
            try (Session session = new Session(graph); Result result = session.runner().fetch(r).run()) {
                double[] out = new double[n * n];
                ((TFloat64) result.get(0)).copyTo(DataBuffers.of(out, false, false));
                float[] f = new float[n * n];
                for (int i = 0; i < f.length; i++) {
                    // Symmetrized: the product's round-off leaves it a little lopsided.
                    int row = i / n;
                    int col = i % n;
                    f[i] = (float) ((out[i] + out[col * n + row]) / 2);
                }
                return f;
            }
        }
    }

    /**
     * The squared W2 distance of {@link LossTerms} between the Gaussian of the features (laid out
     * [1, H, W, N], positions weighted by {@code weights}, which sum to 1) and the painting's.
     *
     * @param targetMean  mu_2, N values
     * @param targetTrace tr C_2
     * @param targetSqrt  C_2^1/2, N x N row-major
     * @param eps         the square root's floor, see {@link LossTerms}
     */
    static Operand<TFloat32> w2(Ops tf, Operand<TFloat32> features, float[] weights, int channels, int positions,
            float[] targetMean, double targetTrace, float[] targetSqrt, double eps) {
        Operand<TFloat32> f = tf.reshape(features, tf.constant(new int[] {positions, channels}));
        Operand<TFloat32> w = tf.constant(Shape.of(positions, 1), DataBuffers.of(weights, true, false));
        Operand<TFloat32> mu = tf.reduceSum(tf.math.mul(f, w), tf.constant(0));
        Operand<TFloat32> meanTerm = sumAll(tf, tf.math.squaredDifference(mu, tf.constant(targetMean)));
        float[] rootW = new float[positions];
        for (int p = 0; p < positions; p++) {
            rootW[p] = (float) Math.sqrt(weights[p]);
        }
        // X: the centred features, each position weighted by sqrt(w), so that C = X^T X.
        Operand<TFloat32> x = tf.math.mul(tf.math.sub(f, mu),
                tf.constant(Shape.of(positions, 1), DataBuffers.of(rootW, true, false)));
        Operand<TFloat32> traceC = sumAll(tf, tf.math.square(x));
        Operand<TFloat32> r = tf.constant(Shape.of(channels, channels), DataBuffers.of(targetSqrt, true, false));
        Operand<TFloat32> root;
        if (positions > channels) {
            // R C R = Y^T Y (N x N), Y = X R.
            Operand<TFloat32> y = tf.linalg.matMul(x, r);
            root = sqrtOfTrace(tf, tf.linalg.matMul(y, y, MatMul.transposeA(true)), eps);
        } else if (positions > 1) {
            // Y Y^T has the same nonzero eigenvalues and is the smaller side. Centring leaves sqrt(w)
            // a null vector of it, whose eigenvalue float32 gives as round-off; s' (up to 1/(2 sqrt
            // eps)) would magnify that round-off into the gradient, so the rows are first turned onto
            // the M - 1 directions orthogonal to sqrt(w), where no such null vector is left.
            Operand<TFloat32> q = tf.constant(Shape.of(positions - 1, positions),
                    DataBuffers.of(complementOf(rootW), true, false));
            Operand<TFloat32> y = tf.linalg.matMul(tf.linalg.matMul(q, x), r);
            root = sqrtOfTrace(tf, tf.linalg.matMul(y, y, MatMul.transposeB(true)), eps);
        } else {
            root = tf.constant(0f); // one position: C = 0
        }
        return tf.math.add(tf.math.add(meanTerm, traceC),
                tf.math.sub(tf.constant((float) targetTrace), tf.math.mul(tf.constant(2f), root)));
    }

    /**
     * An orthonormal basis of the directions orthogonal to the unit vector u, as the M - 1 rows of an
     * (M - 1) x M row-major matrix: the rows of the Householder reflection that takes u to a
     * multiple of e_1, less its first.
     */
    static float[] complementOf(float[] u) {
        int m = u.length;
        double[] h = new double[m];
        double norm = 0;
        for (int i = 0; i < m; i++) {
            h[i] = u[i];
            norm += (double) u[i] * u[i];
        }
        norm = Math.sqrt(norm);
        h[0] += h[0] >= 0 ? norm : -norm;
        double hh = 0;
        for (double v : h) {
            hh += v * v;
        }
        float[] q = new float[(m - 1) * m];
        for (int row = 1; row < m; row++) {
            for (int col = 0; col < m; col++) {
                double reflection = (row == col ? 1 : 0) - 2 * h[row] * h[col] / hh;
                q[(row - 1) * m + col] = (float) reflection;
            }
        }
        return q;
    }

    /**
     * {@code sum_i sqrt(max(lambda_i, 0) + eps) - sqrt(eps)} over the eigenvalues of the symmetric
     * PSD matrix m, differentiable in m: the eigenvectors V come from m with its gradient stopped, and
     * {@code lambda_i = (V^T m V)_ii = sum_j (m V)_ji V_ji} is taken through m (see {@link LossTerms}).
     */
    static Operand<TFloat32> sqrtOfTrace(Ops tf, Operand<TFloat32> m, double eps) {
        EigenGradient.register();
        Operand<TFloat32> v = tf.linalg.selfAdjointEig(tf.stopGradient(m), SelfAdjointEig.computeV(true)).v();
        Operand<TFloat32> lambda = tf.reduceSum(tf.math.mul(tf.linalg.matMul(m, v), v), tf.constant(0));
        Operand<TFloat32> s = tf.math.sqrt(tf.math.add(tf.math.maximum(lambda, tf.constant(0f)),
                tf.constant((float) eps)));
        int n = (int) m.shape().get(0);
        return tf.math.sub(sumAll(tf, s), tf.constant((float) (n * Math.sqrt(eps))));
    }

    /**
     * The sliced term's raw sum {@code sum_k sum_i (sort(F d_k)_i - t_k,i)^2} of {@link LossTerms}, for
     * features laid out [1, H, W, N]. The sort is a top-k on the projections with the gradient
     * stopped, which orders the positions, and that order inverted into each position's rank;
     * the target value of that rank is gathered and subtracted from the projection itself, so the
     * gradient reaches the features through the projection only.
     *
     * @param directions N x K, row-major, unit columns
     * @param targetDescending K x M, each row the target's quantiles from the largest down
     */
    static Operand<TFloat32> slicedSse(Ops tf, Operand<TFloat32> features, int channels, int positions,
            float[] directions, int k, float[] targetDescending) {
        Ranked r = Ranked.of(tf, features, channels, positions, directions, k);
        Operand<TFloat32> t = tf.constant(Shape.of(k, positions), DataBuffers.of(targetDescending, true, false));
        Operand<TFloat32> matched = tf.gather(t, r.rank(), tf.constant(1), Gather.batchDims(1L));
        return sumAll(tf, tf.math.squaredDifference(r.projections(), matched));
    }

    /**
     * Features laid out [1, H, W, N] projected on the K directions (K x M), with, on each direction,
     * the positions from the largest projection down ({@code order}) and each position's place in that
     * order ({@code rank}): a top-k on the projections with the gradient stopped, and its inverse.
     */
    private record Ranked(Operand<TFloat32> projections, Operand<TInt32> order, Operand<TInt32> rank) {
        static Ranked of(Ops tf, Operand<TFloat32> features, int channels, int positions, float[] directions,
                int k) {
            Operand<TFloat32> f = tf.reshape(features, tf.constant(new int[] {positions, channels}));
            Operand<TFloat32> d = tf.constant(Shape.of(channels, k), DataBuffers.of(directions, true, false));
            Operand<TFloat32> projections = tf.linalg.matMul(d, f, MatMul.transposeA(true).transposeB(true));
            Operand<TInt32> order = tf.nn.topK(tf.stopGradient(projections), tf.constant(positions),
                    new TopK.Options[0]).indices();
            // The ranks invert the order. InvertPermutation takes one permutation, so each direction's
            // order is shifted into its own block of one permutation of all K x M places; it is linear
            // where the second top-k it replaces sorted again (a 64 px texture at 1024 directions:
            // 19.4 s instead of 29.1 s, the same image).
            Operand<TInt32> rowStarts = tf.reshape(tf.math.mul(tf.range(tf.constant(0), tf.constant(k),
                    tf.constant(1)), tf.constant(positions)), tf.constant(new int[] {k, 1}));
            Operand<TInt32> places = tf.reshape(tf.math.add(order, rowStarts), tf.constant(new int[] {-1}));
            Operand<TInt32> rank = tf.math.sub(tf.reshape(tf.math.invertPermutation(places),
                    tf.constant(new int[] {k, positions})), rowStarts);
            return new Ranked(projections, order, rank);
        }
    }

    /**
     * K unit directions in N dimensions, N x K row-major, Gaussian and normalized: drawn from the seed
     * and the layer's name only, so the target and the objective of a stage draw the same ones.
     */
    static float[] directions(long seed, String layer, int channels, int k) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L
                + layer.hashCode());
        double[] d = new double[channels * k];
        for (int i = 0; i < d.length; i++) {
            double u = 1 - random.nextDouble();
            d[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        float[] out = new float[d.length];
        for (int j = 0; j < k; j++) {
            double norm = 0;
            for (int c = 0; c < channels; c++) {
                norm += d[c * k + j] * d[c * k + j];
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < channels; c++) {
                out[c * k + j] = (float) (d[c * k + j] / norm);
            }
        }
        return out;
    }

    /**
     * The painting's sorted projections on the directions, each resampled to {@code positions}
     * quantiles: value i is the painting's quantile (i + 1/2) / positions, linear between its own
     * sorted values (at (j + 1/2) / M_s), clamped at its ends; the same values when the sizes agree.
     * K x positions, row-major, each row from the largest down (the order {@link #slicedSse} wants).
     */
    static float[] sortedProjections(FeatureMap target, float[] directions, int k, int positions) {
        return sortedProjections(List.of(target), new double[] {1}, directions, k, positions);
    }

    /**
     * As {@link #sortedProjections(FeatureMap, float[], int, int)} for the mixture of several paintings,
     * blended by {@code blend} (see {@link Quantiles}); one painting gives the same values bit for bit.
     */
    static float[] sortedProjections(List<FeatureMap> paintings, double[] blend, float[] directions, int k,
            int positions) {
        return Quantiles.resampledDescending(paintings, blend, directions, k, positions);
    }

    /**
     * The masked sliced term's raw sum {@code sum_k sum_p w_p (proj_p - Q_k(c_p))^2} of {@link LossTerms},
     * for features laid out [1, H, W, N] and the mask w (one weight per position, a positive sum). On
     * each direction, in the image's ascending order of the stopped projections, {@code c_p = (weight of
     * the samples before p + w_p / 2) / sum w}; Q_k is the target's quantile function ({@code target},
     * linear between its samples, clamped). Everything but the projection is constant given the order
     * (an integer order of stopped values, and a gradient stop on the matched target besides), so the
     * gradient is {@code 2 w_p (proj_p - Q(c_p))} through the projections. A mask of ones gives
     * {@link #slicedSse}'s term up to float rounding: c_p is then (rank + 1/2) / M.
     *
     * @param directions N x K, row-major, unit columns
     * @param mask       M weights, position-major
     * @param target     the quantile functions on the K directions
     */
    static Operand<TFloat32> maskedSlicedSse(Ops tf, Operand<TFloat32> features, int channels, int positions,
            float[] directions, int k, float[] mask, Quantiles.Table target) {
        Ranked r = Ranked.of(tf, features, channels, positions, directions, k);
        double[] w = new double[positions];
        double total = 0;
        for (int p = 0; p < positions; p++) {
            w[p] = mask[p];
            total += mask[p];
        }
        // The weights in descending order; the weight before a sample in ascending order is the sum of
        // those after it here (a reversed exclusive cumulative sum), in double: a float32 running sum of
        // a soft mask's weights over a layer's 10^5 positions can drift by a quantile step or more.
        Operand<TFloat64> sortedWeights = tf.gather(tf.constant(w), r.order(), tf.constant(0));
        Operand<TFloat64> smaller = tf.math.cumsum(sortedWeights, tf.constant(1), Cumsum.exclusive(true),
                Cumsum.reverse(true));
        Operand<TFloat32> c = tf.dtypes.cast(tf.math.mul(tf.math.add(smaller, tf.math.mul(sortedWeights,
                tf.constant(0.5))), tf.constant(1 / total)), TFloat32.class);
        Operand<TFloat32> q = quantileAt(tf, target, k, c);
        Operand<TFloat32> matched = tf.stopGradient(tf.gather(q, r.rank(), tf.constant(1), Gather.batchDims(1L)));
        Operand<TFloat32> weighted = tf.math.mul(tf.math.squaredDifference(r.projections(), matched),
                tf.constant(Shape.of(1, positions), DataBuffers.of(mask, true, false)));
        return sumAll(tf, weighted);
    }

    /**
     * The K quantile functions of {@code table} at c (K rows of fractions in [0, 1]): linear between the
     * table's samples, clamped at its ends. Upper bound: the number of samples at or before each c, so
     * the samples either side are that number less one and that number, each clamped to the table.
     */
    private static Operand<TFloat32> quantileAt(Ops tf, Quantiles.Table table, int k, Operand<TFloat32> c) {
        int size = table.size();
        Operand<TFloat32> knots = tf.constant(Shape.of(k, size), DataBuffers.of(table.knots(), true, false));
        Operand<TFloat32> values = tf.constant(Shape.of(k, size), DataBuffers.of(table.values(), true, false));
        // UpperBound has no gradient in TensorFlow and needs none: its integer output carries none back.
        Operand<TInt32> above = tf.upperBound(knots, tf.stopGradient(c));
        Operand<TInt32> hi = tf.math.minimum(above, tf.constant(size - 1));
        Operand<TInt32> lo = tf.math.maximum(tf.math.sub(above, tf.constant(1)), tf.constant(0));
        Operand<TFloat32> knotLo = tf.gather(knots, lo, tf.constant(1), Gather.batchDims(1L));
        Operand<TFloat32> knotHi = tf.gather(knots, hi, tf.constant(1), Gather.batchDims(1L));
        Operand<TFloat32> valueLo = tf.gather(values, lo, tf.constant(1), Gather.batchDims(1L));
        Operand<TFloat32> valueHi = tf.gather(values, hi, tf.constant(1), Gather.batchDims(1L));
        // Clamped at the ends lo = hi, where the value is valueLo whatever the fraction: the floor on the
        // gap only keeps the division finite there.
        Operand<TFloat32> gap = tf.math.maximum(tf.math.sub(knotHi, knotLo), tf.constant(Float.MIN_NORMAL));
        Operand<TFloat32> frac = tf.clipByValue(tf.math.div(tf.math.sub(c, knotLo), gap), tf.constant(0f),
                tf.constant(1f));
        return tf.math.add(valueLo, tf.math.mul(frac, tf.math.sub(valueHi, valueLo)));
    }

    /** sum (value - target)^2 over all elements. */
    static Operand<TFloat32> squaredError(Ops tf, Operand<TFloat32> value, Operand<TFloat32> target) {
        return sumAll(tf, tf.math.squaredDifference(value, target));
    }

    static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> x) {
        int rank = x.shape().numDimensions();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        return tf.reduceSum(x, tf.constant(axes));
    }
}
