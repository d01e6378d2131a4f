package io.neuralstyle.engine;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.Vgg19;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loss of {@link LossTerms} assembled from raw sums, for images of one size: the one place, in
 * plain Java, that holds the target checks, the layer masks and their areas, every term's
 * normalizer, the weighted sums, and the derivative of a style term with respect to its Gram matrix.
 * Both objectives use it: {@link StyleObjective} lets TensorFlow compute the raw sums of the whole
 * image (and differentiate their weighted sum), {@link TiledObjective} adds them up over tiles. The
 * terms of the image itself, which need no network ({@link ImageTerm}: smoothness, temporal), are
 * added here from the image, with their gradients, for both: the objectives hand over the image and
 * list no term.
 *
 * <p>Raw sums: a content layer's {@code sum (F - P)^2}; a style layer's, for each style target,
 * {@code sum (G - A)^2} with {@code G} the image's Gram matrix divided by {@link #gramDivisor}; with
 * {@link StyleLoss#W2} the squared W2 distance, with {@link StyleLoss#SLICED} the sum of squared
 * differences of sorted projections (see {@link LossTerms}). Each is multiplied by its normalizer here
 * and nowhere else.
 */
final class LossAssembly {
    private final LossSpec spec;
    private final List<String> contentLayers;
    private final List<String> styleLayers;
    private final Map<String, FeatureMap> contentTargets;
    private final ImageTermInput imageTermInput;
    private final Map<String, Double> contentNormalizers = new LinkedHashMap<>();
    private final Map<String, List<StyleSlot>> styleSlots = new LinkedHashMap<>();

    /**
     * One style target at one layer: the mask at the layer (null: none), M (the positions, or the mask's
     * area), the term's normalizer (1 / its value for zero features), and what the term compares with:
     * the Gram matrix A (Gram); the mean, tr C_2, C_2^1/2, the square root's floor and the positions'
     * weights (W2); the directions and the resampled sorted projections, or with a mask the quantile
     * functions (sliced).
     */
    private record StyleSlot(float[] mask, double divisor, double normalizer, float[] targetGram, W2Target w2,
            SlicedTarget sliced) {
    }

    /** The W2 term's constants, see {@link LossTerms#w2}. */
    record W2Target(float[] mean, double trace, float[] sqrt, double eps, float[] weights) {
    }

    /**
     * The sliced term's constants: the directions and, without a mask, the target's resampled sorted
     * projections ({@link LossTerms#slicedSse}); with one, its quantile functions instead, looked up at
     * the masked samples' own fractions ({@link LossTerms#maskedSlicedSse}).
     */
    record SlicedTarget(float[] directions, int count, float[] descending, Quantiles.Table quantiles) {
    }

    /**
     * @throws IllegalArgumentException when the targets do not fit the spec and the image size: a
     *                                  content target of another size, a missing Gram matrix or feature
     *                                  map, or sliced paintings whose blend weights sum to 0
     */
    LossAssembly(LossSpec spec, Targets targets, int width, int height) {
        this.spec = spec;
        this.contentLayers = List.copyOf(spec.contentLayers().keySet());
        this.styleLayers = List.copyOf(spec.styleLayers().keySet());
        this.contentTargets = targets.content();
        this.imageTermInput = new ImageTermInput(width, height, targets.temporal());
        for (String layer : contentLayers) {
            FeatureMap p = targets.content().get(layer);
            int stride = Vgg19.stride(layer);
            if (p == null || p.height() != height / stride || p.width() != width / stride
                    || p.channels() != Vgg19.outChannels(layer)) {
                throw new IllegalArgumentException("the content target of layer " + layer
                        + " must be the features of a " + width + "x" + height + " image");
            }
            contentNormalizers.put(layer, 1 / (sumOfSquares(p.hwc()) + LossTerms.EPSILON));
        }
        if (!styleLayers.isEmpty() && targets.styles().isEmpty()) {
            throw new IllegalArgumentException("style layers are set but no style target was given");
        }
        for (String layer : styleLayers) {
            int layerWidth = width / Vgg19.stride(layer);
            int layerHeight = height / Vgg19.stride(layer);
            List<StyleSlot> slots = new ArrayList<>();
            for (StyleTarget target : targets.styles()) {
                slots.add(slot(layer, target, layerWidth, layerHeight));
            }
            styleSlots.put(layer, slots);
        }
    }

    private StyleSlot slot(String layer, StyleTarget target, int layerWidth, int layerHeight) {
        int channels = Vgg19.outChannels(layer);
        int positions = layerWidth * layerHeight;
        float[] mask = target.mask() == null ? null : layerMask(target.mask(), layerWidth, layerHeight);
        // An empty region (area 0) has no statistics: its Gram matrix is zero and its term constant.
        double divisor = mask == null ? (double) positions : sum(mask);
        StyleLoss loss = spec.styleLoss();
        if (loss == StyleLoss.SLICED) {
            List<FeatureMap> paintings = new ArrayList<>();
            double[] blend = new double[target.paintings().size()];
            for (StyleTarget.Painting painting : target.paintings()) {
                FeatureMap f = painting.features().get(layer);
                if (f == null || f.channels() != channels) {
                    throw new IllegalArgumentException("no style feature map of " + channels + " channels for layer "
                            + layer);
                }
                blend[paintings.size()] = painting.weight();
                paintings.add(f);
            }
            if (!(Arrays.stream(blend).sum() > 0)) {
                throw new IllegalArgumentException("the sliced target of layer " + layer
                        + " needs paintings with a positive sum of blend weights");
            }
            int k = spec.projections(layer);
            float[] directions = LossTerms.directions(spec.sliceSeed(), layer, channels, k);
            // The normalizer is the unmasked term's at zero features, masked or not: sum t^2.
            float[] t = LossTerms.sortedProjections(paintings, blend, directions, k, positions);
            double normalizer = 1 / (sumOfSquares(t) + LossTerms.EPSILON);
            SlicedTarget sliced = mask == null ? new SlicedTarget(directions, k, t, null)
                    : new SlicedTarget(directions, k, null, Quantiles.table(paintings, blend, directions, k));
            return new StyleSlot(mask, divisor, normalizer, null, null, sliced);
        }
        float[] a = target.grams().get(layer);
        if (a == null || a.length != channels * channels) {
            throw new IllegalArgumentException("no style Gram target of " + channels + "x" + channels
                    + " for layer " + layer);
        }
        if (loss == StyleLoss.GRAM) {
            return new StyleSlot(mask, divisor, 1 / (sumOfSquares(a) + LossTerms.EPSILON), a, null, null);
        }
        float[] mean = target.means().get(layer);
        if (mean == null || mean.length != channels) {
            throw new IllegalArgumentException("no style mean of " + channels + " channels for layer " + layer);
        }
        // C_2 = A - mu mu^T; its value at zero features is |mu|^2 + tr C_2 = tr A.
        double[] cov = new double[channels * channels];
        double trace = 0;
        for (int i = 0; i < channels; i++) {
            for (int j = 0; j < channels; j++) {
                cov[i * channels + j] = a[i * channels + j] - (double) mean[i] * mean[j];
            }
            trace += cov[i * channels + i];
        }
        double meanSquare = sumOfSquares(mean);
        double eps = Math.pow(1e-4 * Math.max(trace, 0) / channels, 2) + 1e-30;
        float[] weights = new float[positions];
        for (int p = 0; p < positions; p++) {
            weights[p] = (float) (mask == null ? 1.0 / positions : divisor > 0 ? mask[p] / divisor : 0);
        }
        W2Target w2 = new W2Target(mean, trace, LossTerms.sqrtPsd(cov, channels), eps, weights);
        return new StyleSlot(mask, divisor, 1 / (meanSquare + trace + LossTerms.EPSILON), null, w2, null);
    }

    /** How the style layers compare the image with the painting. */
    StyleLoss styleLoss() {
        return spec.styleLoss();
    }

    /** The W2 term's constants of one style at a layer. */
    W2Target w2Target(String layer, int style) {
        return styleSlots.get(layer).get(style).w2();
    }

    /** The sliced term's constants of one style at a layer. */
    SlicedTarget slicedTarget(String layer, int style) {
        return styleSlots.get(layer).get(style).sliced();
    }

    List<String> contentLayers() {
        return contentLayers;
    }

    List<String> styleLayers() {
        return styleLayers;
    }

    /** Style targets per style layer. */
    int styleCount() {
        return styleSlots.isEmpty() ? 0 : styleSlots.values().iterator().next().size();
    }

    FeatureMap contentTarget(String layer) {
        return contentTargets.get(layer);
    }

    float[] targetGram(String layer, int style) {
        return styleSlots.get(layer).get(style).targetGram();
    }

    /** The style's mask at the layer's positions, position-major, or null when it has none. */
    float[] layerMask(String layer, int style) {
        return styleSlots.get(layer).get(style).mask();
    }

    /** M: what the image's Gram matrix is divided by, its positions or its mask's area; 0 for an empty region. */
    double gramDivisor(String layer, int style) {
        return styleSlots.get(layer).get(style).divisor();
    }

    /** d total / d sum (F - P)^2 of a content layer: alpha v_l / sum P^2. */
    double contentCoefficient(String layer) {
        return spec.contentWeight() * spec.contentLayers().get(layer) * contentNormalizers.get(layer);
    }

    /**
     * d total / d (raw style value) of one style at a layer: beta w_l times the term's normalizer,
     * 1 / sum A^2 (Gram), 1 / (|mu_2|^2 + tr C_2) (W2), 1 / sum t^2 (sliced).
     */
    double styleCoefficient(String layer, int style) {
        return spec.styleWeight() * spec.styleLayers().get(layer) * styleSlots.get(layer).get(style).normalizer();
    }

    /**
     * The loss terms from the network's raw sums and the image; adds the weighted gradients of the
     * image's own terms ({@link ImageTerm}) into {@code gradient}, which holds the network terms'.
     *
     * @param contentSse per content layer, in {@link #contentLayers()} order
     * @param styleSse   per style layer and style target
     * @param x          the image, CHW
     * @param gradient   d total / dx so far, of x's length
     */
    Losses losses(double[] contentSse, double[][] styleSse, float[] x, float[] gradient) {
        Map<ImageTerm, Double> terms = new EnumMap<>(ImageTerm.class);
        for (ImageTerm term : ImageTerm.values()) {
            terms.put(term, term.addGradient(x, imageTermInput, spec.weight(term), gradient));
        }
        Map<String, Double> contentPerLayer = new LinkedHashMap<>();
        double content = 0;
        for (int i = 0; i < contentLayers.size(); i++) {
            String layer = contentLayers.get(i);
            double term = contentSse[i] * contentNormalizers.get(layer);
            contentPerLayer.put(layer, term);
            content += spec.contentLayers().get(layer) * term;
        }
        Map<String, Double> stylePerLayer = new LinkedHashMap<>();
        double style = 0;
        for (int i = 0; i < styleLayers.size(); i++) {
            String layer = styleLayers.get(i);
            List<StyleSlot> slots = styleSlots.get(layer);
            double term = 0;
            for (int t = 0; t < slots.size(); t++) {
                term += styleSse[i][t] * slots.get(t).normalizer();
            }
            stylePerLayer.put(layer, term);
            style += spec.styleLayers().get(layer) * term;
        }
        // One fixed order of additions (the terms' order, after alpha content + beta style): the total is
        // bit for bit the same whichever objective, whole or tiled, assembles it.
        double total = spec.contentWeight() * content + spec.styleWeight() * style;
        for (ImageTerm term : ImageTerm.values()) {
            total += spec.weight(term) * terms.get(term);
        }
        return new Losses(content, style, Collections.unmodifiableMap(terms), total,
                Collections.unmodifiableMap(contentPerLayer), Collections.unmodifiableMap(stylePerLayer));
    }

    /**
     * For tiles: {@code sum (G - A)^2} of one style at a layer from the image's unnormalized Gram
     * matrix {@code S} (the sum of the tiles' {@code F^T F}), with {@code G = S / M}; and into
     * {@code gradient}, d total / d S = beta w_l 2 (G - A) / (sum A^2 M).
     */
    double styleSse(String layer, int style, double[] gramSum, float[] gradient) {
        StyleSlot slot = styleSlots.get(layer).get(style);
        double m = slot.divisor();
        double scale = m > 0 ? styleCoefficient(layer, style) * 2 / m : 0;
        double sse = 0;
        for (int i = 0; i < gramSum.length; i++) {
            double d = (m > 0 ? gramSum[i] / m : 0) - slot.targetGram()[i];
            sse += d * d;
            gradient[i] = (float) (scale * d);
        }
        return sse;
    }

    /** The mask resized to a layer's positions, position-major, each the mean of its RGB values in [0, 1]. */
    static float[] layerMask(Image mask, int width, int height) {
        Image small = Resize.to(mask, width, height);
        float[] out = new float[width * height];
        for (int p = 0; p < out.length; p++) {
            float sum = 0;
            for (int c = 0; c < Image.CHANNELS; c++) {
                sum += small.data()[c * out.length + p];
            }
            out[p] = Math.max(0f, Math.min(1f, sum / Image.CHANNELS));
        }
        return out;
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    static double sumOfSquares(float[] values) {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return s;
    }
}
