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
 * {@code alpha L_content + beta L_style + tvWeight TV + tau L_temporal} (eq. 7 plus an optional
 * smoothness term, plus the temporal term of a video frame).</li>
 * <li><b>Total variation</b> on the RGB image x in [0, 1]:
 * {@code TV = (sum (x[c,y,x+1]-x[c,y,x])^2 + sum (x[c,y+1,x]-x[c,y,x])^2) / (3 H W)}.</li>
 * <li><b>Temporal term</b> of a video frame (Ruder, Dosovitskiy and Brox 2016, eq. 7 and 8), on the same
 * image x: {@code L_temporal = sum_j sum c_j (x - w_j)^2 / (3 H W)}, with w_j an earlier painted frame
 * warped to this one and c_j its weights ({@link TemporalTarget}): the paper's D = 3 H W. One earlier
 * frame is their short-term loss, several with disjoint weights their long-term loss.</li>
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
 * alike, and the temporal term with its gradient; {@link TotalVariation} computes the smoothness term.
 */
public final class LossTerms {
    /** Added to each term's denominator. */
    public static final double EPSILON = 1e-8;

    private LossTerms() {
    }

    /** G = F^T F / divisor for features laid out [1, H, W, N]; the result is N x N. */
    static Operand<TFloat32> gram(Ops tf, Operand<TFloat32> features, int channels, int positions, double divisor) {
        Operand<TFloat32> f = tf.reshape(features, tf.constant(new int[] {positions, channels}));
        Operand<TFloat32> g = tf.linalg.matMul(f, f, MatMul.transposeA(true));
        return tf.math.mul(g, tf.constant((float) (1 / divisor)));
    }

    /**
     * G = (F m)^T (F m) / divisor, with the mask given position-major (one value per position); a
     * divisor of 0 (an empty region) gives G = 0.
     */
    static Operand<TFloat32> maskedGram(Ops tf, Operand<TFloat32> features, float[] mask, int channels,
            int positions, double divisor) {
        Operand<TFloat32> f = tf.reshape(features, tf.constant(new int[] {positions, channels}));
        Operand<TFloat32> m = tf.constant(Shape.of(positions, 1), DataBuffers.of(mask, true, false));
        Operand<TFloat32> fm = tf.math.mul(f, m);
        Operand<TFloat32> g = tf.linalg.matMul(fm, fm, MatMul.transposeA(true));
        return tf.math.mul(g, tf.constant(divisor > 0 ? (float) (1 / divisor) : 0f));
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
