package io.neuralstyle.figure;

import io.neuralstyle.transfer.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's figures as {@link FigurePlan}s. Every run starts from the base settings (size,
 * iterations, seed, pooling...) and changes only what the figure varies.
 */
public final class Figures {
    /** Fig. 1, bottom row: content reconstructions from these layers. */
    public static final List<String> CONTENT_LAYERS = List.of("conv1_2", "conv2_2", "conv3_2", "conv4_2", "conv5_2");
    /** Fig. 1, top row, and the rows of Fig. 3: style from conv1_1, then conv1_1 and conv2_1, and so on. */
    public static final List<String> STYLE_LAYERS = List.of("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1");
    /**
     * Fig. 3's default columns, alpha/beta with this project's relative loss terms: from the texture
     * alone (1e-3, beta = 1000) to the photo's outlines under the painting's strokes (1), chosen by
     * looking at the figure. The paper's 1e-5..1e-2 are for the raw
     * Caffe losses and would all be texture here.
     */
    public static final List<Double> DEFAULT_RATIOS = List.of(1e-3, 1e-2, 1e-1, 1.0);

    private Figures() {
    }

    /** The first {@code count} style layers, as the paper grows them: conv1_1, then conv1_1..conv2_1, ... */
    public static List<String> styleLayers(int count) {
        return STYLE_LAYERS.subList(0, count);
    }

    /** A short label for a growing style layer set: "conv1_1" or "conv1_1..conv3_1". */
    public static String styleLayersLabel(List<String> layers) {
        return layers.size() == 1 ? layers.get(0) : layers.get(0) + ".." + layers.get(layers.size() - 1);
    }

    /** Equal weights summing to 1, the paper's w_l = 1/(number of layers). */
    static Map<String, Double> equal(List<String> layers) {
        Map<String, Double> out = new LinkedHashMap<>();
        layers.forEach(l -> out.put(l, 1.0 / layers.size()));
        return out;
    }

    /**
     * Settings that rebuild the photo from one layer's feature maps only, with no smoothness term:
     * what the layer keeps, nothing added (the pixel-level noise a deep layer does not see stays).
     */
    public static Settings contentReconstruction(Settings base, String layer) {
        return base.toBuilder().contentLayers(Map.of(layer, 1.0)).styleLayers(Map.of()).tvWeight(0).build();
    }

    /** Settings that synthesize a texture from the Gram matrices of these layers only, with no smoothness term. */
    public static Settings styleReconstruction(Settings base, List<String> layers) {
        return base.toBuilder().contentLayers(Map.of()).styleLayers(equal(layers)).tvWeight(0).build();
    }

    /**
     * Fig. 1: the photo, then its reconstructions from conv1_2..conv5_2; under it the painting, then
     * textures from conv1_1, conv1_1..conv2_1, ... conv1_1..conv5_1.
     */
    public static FigurePlan layers(Settings base) {
        List<FigureCell> cells = new ArrayList<>();
        cells.add(FigureCell.contentInput(0, 0, "photo"));
        for (int i = 0; i < CONTENT_LAYERS.size(); i++) {
            String layer = CONTENT_LAYERS.get(i);
            cells.add(FigureCell.run(0, i + 1, layer, -1, contentReconstruction(base, layer)));
        }
        cells.add(FigureCell.styleInput(1, 0, "painting", 0));
        for (int i = 1; i <= STYLE_LAYERS.size(); i++) {
            List<String> layers = styleLayers(i);
            cells.add(FigureCell.run(1, i, styleLayersLabel(layers), 0, styleReconstruction(base, layers)));
        }
        return new FigurePlan("layers", null, null, null, List.of(), List.of("content", "style"), 2,
                CONTENT_LAYERS.size() + 1, cells);
    }

    /** Fig. 2: the photo, then one result per painting, each captioned with the painting's name. */
    public static FigurePlan styles(Settings base, List<String> paintingNames) {
        List<FigureCell> cells = new ArrayList<>();
        cells.add(FigureCell.contentInput(0, 0, "photo"));
        for (int i = 0; i < paintingNames.size(); i++) {
            cells.add(FigureCell.run(0, i + 1, paintingNames.get(i), i, base));
        }
        return new FigurePlan("styles", null, null, null, List.of(), List.of(), 1, paintingNames.size() + 1, cells);
    }

    /**
     * Fig. 3: columns are alpha/beta ratios (alpha fixed at the base's content weight, beta =
     * alpha / ratio), rows are the growing style layer sets; the content layer is the base's.
     */
    public static FigurePlan tradeoff(Settings base, List<Double> ratios) {
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException("give at least one ratio");
        }
        List<FigureCell> cells = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        List<String> rowLabels = new ArrayList<>();
        for (double ratio : ratios) {
            if (!(ratio > 0) || Double.isInfinite(ratio)) {
                throw new IllegalArgumentException("ratios must be positive numbers, got " + ratio);
            }
            headings.add(ratioLabel(ratio));
        }
        for (int r = 0; r < STYLE_LAYERS.size(); r++) {
            List<String> layers = styleLayers(r + 1);
            rowLabels.add(styleLayersLabel(layers));
            for (int c = 0; c < ratios.size(); c++) {
                Settings s = base.toBuilder().styleLayers(equal(layers))
                        .styleWeight(base.contentWeight() / ratios.get(c)).build();
                cells.add(FigureCell.run(r, c, null, 0, s));
            }
        }
        return new FigurePlan("tradeoff", null, "\u03b1/\u03b2 (content weight / style weight)", "style layers",
                headings, rowLabels, STYLE_LAYERS.size(), ratios.size(), cells);
    }

    /** "1e-03" style labels read badly; 1e-3, 0.01 and 1 are what a reader expects. */
    static String ratioLabel(double ratio) {
        double exponent = Math.log10(ratio);
        if (Math.abs(exponent - Math.rint(exponent)) < 1e-9) {
            int e = (int) Math.rint(exponent);
            return e == 0 ? "1" : "1e" + e;
        }
        return String.format(Locale.ROOT, "%.3g", ratio);
    }
}
