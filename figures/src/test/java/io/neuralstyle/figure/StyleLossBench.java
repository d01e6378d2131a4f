package io.neuralstyle.figure;

import io.neuralstyle.SharedData;
import io.neuralstyle.engine.StyleLoss;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageMetrics;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.LossMeter;
import io.neuralstyle.transfer.Result;
import io.neuralstyle.transfer.RunRequest;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.transfer.StyleTransfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind docs/style-losses.md, not a test (its name keeps it out of the suite): the
 * Neckarfront painted with each style loss on three paintings at the default settings, each result
 * measured by the same yardsticks. Run on request, from the repository root:
 *
 * <pre>
 * mvn -o -B -q -pl figures -am test -Dtest=StyleLossBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.out=/tmp/style-losses [-Dbench.size=256]
 * </pre>
 *
 * It writes every result, a sheet ({@code sheet.png}: painting, then one column per loss), a sheet of
 * 1:1 crops enlarged 4x by nearest neighbour ({@code crops.png}) and a markdown table
 * ({@code table.md}). Yardsticks, at the output size: the Gram loss (the default style term); the
 * sliced distance on directions no run optimized (seed 1001); the edge correlation with the photo
 * (blur 2 px); grain, the high-frequency energy ({@link ImageMetrics#highFrequencyEnergy}).
 */
class StyleLossBench {
    private static final List<String> PAINTINGS = List.of("starry_night.jpg", "the_scream.jpg",
            "woman-with-hat-matisse.jpg");
    private static final long HELD_OUT_SEED = 1001;
    private static final double EDGE_BLUR = 2.0;
    private static final int CROP = 64;
    private static final int ZOOM = 4;

    @Test
    void compareStyleLosses() throws Exception {
        String out = System.getProperty("bench.out");
        Assumptions.assumeTrue(out != null, "a bench: give -Dbench.out=DIR to run it");
        Path dir = Files.createDirectories(Path.of(out));
        int size = Integer.getInteger("bench.size", 256);
        Weights weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        Image photo = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        Settings base = Settings.builder().size(size).build();
        Image sized = Resize.toLongestSide(photo, size);
        StringBuilder table = new StringBuilder("| painting | style loss | time (s) | Gram loss | sliced distance"
                + " | edge correlation | grain |\n|---|---|---|---|---|---|---|\n");
        List<List<Sheet.Cell>> rows = new ArrayList<>();
        List<List<Sheet.Cell>> crops = new ArrayList<>();
        for (String name : PAINTINGS) {
            Image painting = ImageReader.read(SharedData.imageOrSkip(name));
            List<StyleImage> styles = List.of(StyleImage.of(painting));
            Image paintingSized = Resize.toLongestSide(painting, size);
            List<Sheet.Cell> row = new ArrayList<>();
            List<Sheet.Cell> cropRow = new ArrayList<>();
            row.add(new Sheet.Cell(paintingSized, String.format(Locale.ROOT, "grain %.1f",
                    ImageMetrics.highFrequencyEnergy(paintingSized))));
            cropRow.add(new Sheet.Cell(enlarge(crop(sized)), "photo"));
            try (LossMeter gram = meter(weights, base, StyleLoss.GRAM, base.seed(), sized, styles);
                    LossMeter sliced = meter(weights, base, StyleLoss.SLICED, HELD_OUT_SEED, sized, styles)) {
                for (StyleLoss loss : StyleLoss.values()) {
                    Settings s = base.toBuilder().styleLoss(loss).build();
                    Result r = StyleTransfer.builder().weights(weights).settings(s).build()
                            .run(RunRequest.builder(s).content(photo).styles(styles).build());
                    String stem = name.replace(".jpg", "") + "-" + loss;
                    ImageWriter.writePng(r.image(), dir.resolve(stem + ".png"), s.describe());
                    double g = gram.of(r.image()).style();
                    double sw = sliced.of(r.image()).style();
                    double edges = ImageMetrics.edgeCorrelation(r.image(), Resize.to(sized, r.image().width(),
                            r.image().height()), EDGE_BLUR);
                    double grain = ImageMetrics.highFrequencyEnergy(r.image());
                    String line = String.format(Locale.ROOT, "| %s | %s | %.0f | %.4f | %.4f | %.3f | %.2f |%n",
                            name.replace(".jpg", ""), loss, r.seconds(), g, sw, edges, grain);
                    System.out.print(line);
                    table.append(line);
                    Files.writeString(dir.resolve("table.md"), table);
                    row.add(new Sheet.Cell(r.image(), String.format(Locale.ROOT, "%.0f s, Gram %.3f, sliced %.3f",
                            r.seconds(), g, sw)));
                    cropRow.add(new Sheet.Cell(enlarge(crop(r.image())), loss.toString()));
                }
            }
            rows.add(row);
            crops.add(cropRow);
        }
        List<String> labels = PAINTINGS.stream().map(n -> n.replace(".jpg", "")).toList();
        ImageWriter.writePng(SheetRenderer.render(new Sheet("Tuebingen at " + size + " px, default settings, by style"
                + " loss", "--style-loss", null, List.of("painting", "gram", "w2", "sliced"), labels, rows)),
                dir.resolve("sheet.png"), Map.of());
        ImageWriter.writePng(SheetRenderer.render(new Sheet("1:1 crops (" + CROP + " px) enlarged " + ZOOM + "x,"
                + " nearest neighbour", null, null, List.of("photo", "gram", "w2", "sliced"), labels, crops)),
                dir.resolve("crops.png"), Map.of());
    }

    private static LossMeter meter(Weights weights, Settings base, StyleLoss loss, long seed, Image content,
            List<StyleImage> styles) {
        Settings s = base.toBuilder().styleLoss(loss).seed(seed).build();
        return StyleTransfer.builder().weights(weights).settings(s).build().lossMeter(content, styles);
    }

    /** A CROP x CROP square from the middle of the image's upper half: sky and rooftops in the photo. */
    private static Image crop(Image image) {
        int n = Math.min(CROP, Math.min(image.width(), image.height()));
        int x0 = (image.width() - n) / 2;
        int y0 = Math.max(0, image.height() / 4 - n / 2);
        float[] out = new float[3 * n * n];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    out[(c * n + y) * n + x] = image.data()[(c * image.height() + y0 + y) * image.width() + x0 + x];
                }
            }
        }
        return new Image(n, n, out);
    }

    private static Image enlarge(Image image) {
        int w = image.width() * ZOOM;
        int h = image.height() * ZOOM;
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = image.data()[(c * image.height() + y / ZOOM) * image.width() + x / ZOOM];
                }
            }
        }
        return new Image(w, h, out);
    }
}
