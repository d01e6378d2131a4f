package io.neuralstyle.transfer;

import io.neuralstyle.engine.FeatureExtractor;
import io.neuralstyle.engine.StyleLoss;
import io.neuralstyle.engine.StyleTarget;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The style targets of a run at one output size: each style image resized relative to the output
 * ({@link Settings#styleScale()}), its Gram matrices (or what the style loss compares instead), and
 * then either their blend (unmasked styles, {@link Settings#styleBlend()}) or one masked target per
 * style (regions). Everything depends only on
 * the inputs, the settings and the output size, so a coarse-to-fine schedule can compute the targets
 * again at each of its sizes.
 */
final class StyleTargets {
    private StyleTargets() {
    }

    /**
     * Rejects combinations of styles, masks and blend weights that mean nothing (see {@link StyleInputs}):
     * a {@link RunRequest} checks its own when it is built; the targets assume it.
     */
    static void check(List<StyleImage> styles, Settings settings) {
        StyleInputs.check(styles.size(), (int) styles.stream().filter(s -> s.mask() != null).count(), settings);
    }

    /** The targets for an output of {@code width} x {@code height}. */
    static List<StyleTarget> compute(FeatureExtractor extractor, List<StyleImage> styles, Collection<String> layers,
            Settings settings, int width, int height) {
        List<StyleTarget> targets = new ArrayList<>();
        for (StyleImage s : styles) {
            targets.add(extractor.styleTarget(scaled(s.image(), settings.styleScale(), width, height), layers,
                    settings.styleLoss()));
        }
        if (styles.get(0).mask() != null) {
            List<StyleTarget> regions = new ArrayList<>();
            for (int i = 0; i < styles.size(); i++) {
                StyleTarget t = targets.get(i);
                regions.add(new StyleTarget(t.grams(), styles.get(i).mask(), t.means(), t.paintings()));
            }
            return regions;
        }
        if (targets.size() == 1) {
            return targets;
        }
        // W2 blends the paintings' means and second moments alike: the Gaussian of their mixture. The
        // sliced loss mixes the paintings' distributions on its own directions, in the engine: each
        // painting goes there with its blend weight.
        List<Map<String, float[]>> grams = new ArrayList<>();
        List<Map<String, float[]>> means = new ArrayList<>();
        List<StyleTarget.Painting> paintings = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            StyleTarget t = targets.get(i);
            grams.add(t.grams());
            means.add(t.means());
            double weight = settings.styleBlend().isEmpty() ? 1 : settings.styleBlend().get(i);
            t.paintings().forEach(p -> paintings.add(new StyleTarget.Painting(weight * p.weight(), p.features())));
        }
        return List.of(new StyleTarget(blend(grams, settings.styleBlend()), null,
                settings.styleLoss() == StyleLoss.W2 ? blend(means, settings.styleBlend()) : Map.of(), paintings));
    }

    /**
     * The style image with its longest side {@code scale} times the output's, but its shortest side at
     * least {@link Settings#MIN_SIDE} px: below that its deepest layers would have no positions.
     */
    static Image scaled(Image style, double scale, int width, int height) {
        int longest = Math.max(Settings.MIN_SIDE, (int) Math.round(scale * Math.max(width, height)));
        double aspect = (double) Math.max(style.width(), style.height()) / Math.min(style.width(), style.height());
        longest = Math.max(longest, (int) Math.ceil(Settings.MIN_SIDE * aspect));
        return Resize.toLongestSide(style, longest);
    }

    /**
     * sum_i w_i G_i / sum_i w_i per layer, in double; empty weights mean equal ones. A single style is
     * returned as it is.
     */
    static Map<String, float[]> blend(List<Map<String, float[]>> grams, List<Double> weights) {
        if (grams.size() == 1) {
            return grams.get(0);
        }
        double total = 0;
        double[] w = new double[grams.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.isEmpty() ? 1 : weights.get(i);
            total += w[i];
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String layer : grams.get(0).keySet()) {
            float[] sum = new float[grams.get(0).get(layer).length];
            for (int k = 0; k < sum.length; k++) {
                double v = 0;
                for (int i = 0; i < w.length; i++) {
                    v += w[i] / total * grams.get(i).get(layer)[k];
                }
                sum[k] = (float) v;
            }
            out.put(layer, sum);
        }
        return out;
    }
}
