package io.neuralstyle.engine;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

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
 * <li>{@code L_content = sum_l v_l Lc_l}, {@code L_style = sum_l w_l E_l} (eq. 5), and the total
 * {@code alpha L_content + beta L_style + tvWeight TV} (eq. 7 plus an optional smoothness term).</li>
 * <li><b>Total variation</b> on the RGB image x in [0, 1]:
 * {@code TV = (sum (x[c,y,x+1]-x[c,y,x])^2 + sum (x[c,y+1,x]-x[c,y,x])^2) / (3 H W)}.</li>
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
 */
public final class LossTerms {
    /** Added to each term's denominator. */
    public static final double EPSILON = 1e-8;

    private LossTerms() {
    }

    /** G = F^T F / M for features laid out [1, H, W, N]; the result is N x N. */
    static Operand<TFloat32> gram(Ops tf, Operand<TFloat32> features, int channels, int positions) {
        Operand<TFloat32> f = tf.reshape(features, tf.constant(new int[] {positions, channels}));
        Operand<TFloat32> g = tf.linalg.matMul(f, f, MatMul.transposeA(true));
        return tf.math.mul(g, tf.constant(1f / positions));
    }

    /** G = (F m)^T (F m) / sum m, with the mask given position-major (one value per position). */
    static Operand<TFloat32> maskedGram(Ops tf, Operand<TFloat32> features, float[] mask, int channels,
            int positions) {
        Operand<TFloat32> f = tf.reshape(features, tf.constant(new int[] {positions, channels}));
        Operand<TFloat32> m = tf.constant(Shape.of(positions, 1), DataBuffers.of(mask, true, false));
        Operand<TFloat32> fm = tf.math.mul(f, m);
        Operand<TFloat32> g = tf.linalg.matMul(fm, fm, MatMul.transposeA(true));
        double area = 0;
        for (float v : mask) {
            area += v;
        }
        // An empty region has no statistics: its Gram matrix is zero and the term constant.
        return tf.math.mul(g, tf.constant(area > 0 ? (float) (1.0 / area) : 0f));
    }

    /** Lc = sum (F - P)^2 / (sum P^2 + eps), with P given position-major like F. */
    static Operand<TFloat32> contentTerm(Ops tf, Operand<TFloat32> features, FeatureMap target) {
        Operand<TFloat32> p = tf.constant(Shape.of(1, target.height(), target.width(), target.channels()),
                DataBuffers.of(target.hwc(), true, false));
        return relativeError(tf, features, p, target.hwc());
    }

    /** E = sum (G - A)^2 / (sum A^2 + eps). */
    static Operand<TFloat32> styleTerm(Ops tf, Operand<TFloat32> gram, float[] targetGram, int channels) {
        Operand<TFloat32> a = tf.constant(Shape.of(channels, channels), DataBuffers.of(targetGram, true, false));
        return relativeError(tf, gram, a, targetGram);
    }

    private static Operand<TFloat32> relativeError(Ops tf, Operand<TFloat32> value, Operand<TFloat32> target,
            float[] targetValues) {
        Operand<TFloat32> sse = sumAll(tf, tf.math.squaredDifference(value, target));
        return tf.math.mul(sse, tf.constant((float) (1.0 / (sumOfSquares(targetValues) + EPSILON))));
    }

    /** TV of an image laid out [1, 3, H, W]. */
    static Operand<TFloat32> totalVariation(Ops tf, Operand<TFloat32> image, int height, int width) {
        Operand<TFloat32> sum = tf.constant(0f);
        if (width > 1) {
            Operand<TFloat32> right = tf.slice(image, tf.constant(new int[] {0, 0, 0, 1}),
                    tf.constant(new int[] {1, 3, height, width - 1}));
            Operand<TFloat32> left = tf.slice(image, tf.constant(new int[] {0, 0, 0, 0}),
                    tf.constant(new int[] {1, 3, height, width - 1}));
            sum = tf.math.add(sum, sumAll(tf, tf.math.squaredDifference(right, left)));
        }
        if (height > 1) {
            Operand<TFloat32> below = tf.slice(image, tf.constant(new int[] {0, 0, 1, 0}),
                    tf.constant(new int[] {1, 3, height - 1, width}));
            Operand<TFloat32> above = tf.slice(image, tf.constant(new int[] {0, 0, 0, 0}),
                    tf.constant(new int[] {1, 3, height - 1, width}));
            sum = tf.math.add(sum, sumAll(tf, tf.math.squaredDifference(below, above)));
        }
        return tf.math.mul(sum, tf.constant(1f / (3f * height * width)));
    }

    static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> x) {
        int rank = x.shape().numDimensions();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        return tf.reduceSum(x, tf.constant(axes));
    }

    static double sumOfSquares(float[] values) {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return s;
    }
}
