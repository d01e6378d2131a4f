package io.neuralstyle.engine;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.Vgg19;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loss of {@link LossTerms} assembled from raw sums, for images of one size: the one place, in
 * plain Java, that holds the target checks, the layer masks and their areas, every term's
 * normalizer, the weighted sums, and the derivative of a style term with respect to its Gram matrix.
 * Both objectives use it: {@link StyleObjective} lets TensorFlow compute the raw sums of the whole
 * image (and differentiate their weighted sum), {@link TiledObjective} adds them up over tiles.
 *
 * <p>Raw sums: a content layer's {@code sum (F - P)^2}; a style layer's, for each style target,
 * {@code sum (G - A)^2} with {@code G} the image's Gram matrix divided by {@link #gramDivisor}.
 */
final class LossAssembly {
    private final LossSpec spec;
    private final List<String> contentLayers;
    private final List<String> styleLayers;
    private final Map<String, FeatureMap> contentTargets;
    private final List<TemporalTarget> temporalTargets;
    private final Map<String, Double> contentNormalizers = new LinkedHashMap<>();
    private final Map<String, List<StyleSlot>> styleSlots = new LinkedHashMap<>();

    /** One style target at one layer: its Gram matrix A, the mask at the layer (null: none), M and 1 / sum A^2. */
    private record StyleSlot(float[] targetGram, float[] mask, double divisor, double normalizer) {
    }

    /**
     * @throws IllegalArgumentException when the targets do not fit the spec and the image size: a
     *                                  content target of another size, a missing Gram matrix
     */
    LossAssembly(LossSpec spec, Targets targets, int width, int height) {
        this.spec = spec;
        this.contentLayers = List.copyOf(spec.contentLayers().keySet());
        this.styleLayers = List.copyOf(spec.styleLayers().keySet());
        this.contentTargets = targets.content();
        this.temporalTargets = targets.temporal();
        for (TemporalTarget t : temporalTargets) {
            if (t.image().length != 3 * width * height) {
                throw new IllegalArgumentException("a temporal target must be a " + width + "x" + height + " image");
            }
        }
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
            int channels = Vgg19.outChannels(layer);
            int layerWidth = width / Vgg19.stride(layer);
            int layerHeight = height / Vgg19.stride(layer);
            List<StyleSlot> slots = new ArrayList<>();
            for (StyleTarget target : targets.styles()) {
                float[] a = target.grams().get(layer);
                if (a == null || a.length != channels * channels) {
                    throw new IllegalArgumentException("no style Gram target of " + channels + "x" + channels
                            + " for layer " + layer);
                }
                float[] mask = target.mask() == null ? null : layerMask(target.mask(), layerWidth, layerHeight);
                // An empty region (area 0) has no statistics: its Gram matrix is zero and its term constant.
                double divisor = mask == null ? (double) layerWidth * layerHeight : sum(mask);
                slots.add(new StyleSlot(a, mask, divisor, 1 / (sumOfSquares(a) + LossTerms.EPSILON)));
            }
            styleSlots.put(layer, slots);
        }
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

    /** d total / d sum (G - A)^2 of one style at a layer: beta w_l / sum A^2. */
    double styleCoefficient(String layer, int style) {
        return spec.styleWeight() * spec.styleLayers().get(layer) * styleSlots.get(layer).get(style).normalizer();
    }

    /**
     * The loss terms from the raw sums.
     *
     * @param contentSse per content layer, in {@link #contentLayers()} order
     * @param styleSse   per style layer and style target
     * @param tv         the total variation of the image
     * @param temporal   the temporal term, from {@link #addTemporalGradient}
     */
    Losses losses(double[] contentSse, double[][] styleSse, double tv, double temporal) {
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
        double total = spec.contentWeight() * content + spec.styleWeight() * style + spec.tvWeight() * tv
                + spec.temporalWeight() * temporal;
        return new Losses(content, style, tv, temporal, total, Collections.unmodifiableMap(contentPerLayer),
                Collections.unmodifiableMap(stylePerLayer));
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

    /**
     * The temporal term {@code sum_j sum c_j (x - w_j)^2 / (3 H W)} of the image {@code x} (CHW) against
     * the temporal targets; adds {@code tau} times its gradient into {@code gradient}. It is pixel-wise
     * and cheap, so it is computed here in Java for both objectives, whole or tiled. 0 without targets.
     */
    double addTemporalGradient(float[] x, float[] gradient) {
        double sum = 0;
        double scale = 1.0 / x.length;
        float factor = (float) (2 * spec.temporalWeight() * scale);
        for (TemporalTarget t : temporalTargets) {
            float[] w = t.image();
            float[] c = t.weights();
            for (int i = 0; i < x.length; i++) {
                float d = x[i] - w[i];
                sum += (double) c[i] * d * d;
                gradient[i] += factor * c[i] * d;
            }
        }
        return sum * scale;
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
