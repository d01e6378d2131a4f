package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.transfer.ResultText;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --style (several), --style-blend, --style-scale, --colors and --mask through the command line. */
class ArtistOptionsTest {
    @TempDir
    Path dir;

    /** A left-half-white mask: an 8-bit grayscale PNG, or a 2-colour palette PNG. */
    private Path mask(String name, int w, int h, boolean palette, boolean leftWhite) throws Exception {
        BufferedImage img = palette
                ? new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY,
                        new IndexColorModel(1, 2, new byte[] {0, -1}, new byte[] {0, -1}, new byte[] {0, -1}))
                : new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean white = (x < w / 2) == leftWhite;
                img.setRGB(x, y, white ? 0xffffff : 0);
            }
        }
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void regionMasksOfAnySizeAndTypeWithEveryControlRerunFromTheEmbeddedCommand() throws Exception {
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        String content = SharedData.orSkip("images/tubingen.jpg").toString();
        String starry = SharedData.orSkip("images/starry_night.jpg").toString();
        String scream = SharedData.orSkip("images/the_scream.jpg").toString();
        Path left = mask("left.png", 37, 23, true, true);
        Path right = mask("right.png", 300, 100, false, false);
        Path out = dir.resolve("regions.png");
        assertEquals(0, Main.run("--content", content, "--style", starry, "--style", scream, "--mask",
                left.toString(), "--mask", right.toString(), "--colors", "histogram", "--style-scale", "0.75",
                "--size", "64", "--iterations", "3", "--weights", weights, "--quiet", "--output", out.toString()));

        String command = ImageWriter.readPngText(out).get(ResultText.COMMAND_KEY);
        assertTrue(command.contains("--mask " + left) && command.contains("--mask " + right), command);
        assertTrue(command.contains("--colors histogram") && command.contains("--style-scale 0.75"), command);
        assertRerunsIdentically(command, out);
    }

    @Test
    void blendAndLuminanceRerunFromTheEmbeddedCommand() throws Exception {
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        String content = SharedData.orSkip("images/tubingen.jpg").toString();
        String starry = SharedData.orSkip("images/starry_night.jpg").toString();
        String scream = SharedData.orSkip("images/the_scream.jpg").toString();
        Path out = dir.resolve("blend.png");
        assertEquals(0, Main.run("--content", content, "--style", starry, "--style", scream, "--style-blend",
                "0.7,0.3", "--colors", "luminance", "--size", "64", "--iterations", "3", "--weights", weights,
                "--quiet", "--output", out.toString()));

        String command = ImageWriter.readPngText(out).get(ResultText.COMMAND_KEY);
        assertTrue(command.contains("--style " + starry + " --style " + scream), command);
        assertTrue(command.contains("--style-blend 0.7,0.3") && command.contains("--colors luminance"), command);
        assertRerunsIdentically(command, out);
    }

    private void assertRerunsIdentically(String command, Path first) throws Exception {
        List<String> rerun = new ArrayList<>(List.of(command.split(" ")));
        rerun.remove(0);
        Path again = dir.resolve("again-" + first.getFileName());
        rerun.addAll(List.of("--output", again.toString(), "--quiet"));
        assertEquals(0, Main.run(rerun.toArray(String[]::new)));
        Image a = ImageReader.read(first);
        assertArrayEquals(a.data(), ImageReader.read(again).data(), "re-run from the embedded command");
    }

    @Test
    void maskCountMustMatchStyleCount() throws Exception {
        Path style = mask("style.png", 40, 30, false, true);
        Path m = mask("m.png", 40, 30, false, true);
        CommandLineProcess.Outcome o = CommandLineProcess.run(dir, "--content", style.toString(), "--style",
                style.toString(), "--style", style.toString(), "--mask", m.toString(), "--output",
                dir.resolve("out.png").toString(), "--weights", dir.resolve("no-weights-needed").toString());
        assertEquals(1, o.exitCode(), o.stderr());
        assertEquals(1, o.errorLines().size(), o.stderr());
        assertTrue(o.errorLines().get(0).contains("1 --mask for 2 --style: give one --mask per --style"),
                o.stderr());
        assertFalse(Files.exists(dir.resolve("out.png")));
    }
}
