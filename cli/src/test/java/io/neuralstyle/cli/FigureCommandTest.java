package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.transfer.ResultText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconstruct and figure subcommands through the command line, tiny, on the real weights. */
class FigureCommandTest {
    @TempDir
    Path dir;

    @Test
    void reconstructWritesTheImageAndItsLossPlotWithTheirCommand() {
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        String photo = SharedData.orSkip("images/tubingen.jpg").toString();
        Path out = dir.resolve("conv3.png");
        Path plot = dir.resolve("conv3-loss.png");

        assertEquals(0, Main.run("reconstruct", "content", "--image", photo, "--layer", "relu3_2", "--size", "32",
                "--iterations", "4", "--weights", weights, "--output", out.toString(), "--plot", plot.toString(),
                "--quiet"));

        Image image = ImageReader.read(out);
        assertEquals(32, image.width());
        Map<String, String> text = ImageWriter.readPngText(out);
        assertTrue(text.get(ResultText.COMMAND_KEY).startsWith("neural-style reconstruct content --image"),
                text.toString());
        assertTrue(text.get(ResultText.SETTINGS_KEY).contains("content-layers=conv3_2"), text.toString());
        assertTrue(Files.exists(plot) && ImageReader.read(plot).width() > 100, "loss plot written");
    }

    @Test
    void figureStylesWritesOneSheetWithACellPerPainting() {
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        String photo = SharedData.orSkip("images/tubingen.jpg").toString();
        String scream = SharedData.orSkip("images/the_scream.jpg").toString();
        String starry = SharedData.orSkip("images/starry_night.jpg").toString();
        Path out = dir.resolve("styles.png");

        assertEquals(0, Main.run("figure", "styles", "--content", photo, "--style", scream, "--style", starry,
                "--size", "32", "--iterations", "3", "--weights", weights, "--output", out.toString(), "--quiet"));

        Image sheet = ImageReader.read(out);
        assertTrue(sheet.width() > 3 * 32 && sheet.height() > 24, "three cells side by side: " + sheet);
        String settings = ImageWriter.readPngText(out).get(ResultText.SETTINGS_KEY);
        assertTrue(settings.contains("the_scream") && settings.contains("starry_night"), settings);
    }

    @Test
    void transferWritesItsLossPlotWithItsSettings() {
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        String photo = SharedData.orSkip("images/tubingen.jpg").toString();
        String starry = SharedData.orSkip("images/starry_night.jpg").toString();
        Path plot = dir.resolve("loss.png");

        assertEquals(0, Main.run("--content", photo, "--style", starry, "--size", "32", "--iterations", "3",
                "--weights", weights, "--output", dir.resolve("out.png").toString(), "--plot", plot.toString(),
                "--quiet"));

        assertTrue(ImageReader.read(plot).width() > 100, "a chart, not a copy of the 32 px result");
        assertTrue(ImageWriter.readPngText(plot).get(ResultText.COMMAND_KEY).contains("--style-weight"));
    }

    @Test
    void transferWithoutItsInputsSaysWhatToGive() {
        assertEquals(2, Main.run("--style", "x.png", "--quiet"), "a missing --content is a usage error");
    }
}
