package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.transfer.ResultText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on the real weights: outputs carry their settings, and a seed repeats a run exactly. */
class CommandLineEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void resultCarriesItsSettingsAndRerunsBitForBit() throws Exception {
        String weights = SharedData.orSkip("models/vgg19-q8").toString();
        String content = SharedData.orSkip("images/tubingen.jpg").toString();
        String style = SharedData.orSkip("images/the_scream.jpg").toString();
        Path first = dir.resolve("first.png");
        Path second = dir.resolve("second.png");
        String[] args = {"--content", content, "--style", style, "--size", "64", "--iterations", "8", "--seed", "3",
            "--save-every", "4", "--weights", weights, "--quiet"};

        assertEquals(0, Main.run(with(args, "--output", first.toString())));
        assertEquals(0, Main.run(with(args, "--output", second.toString())));

        Image a = ImageReader.read(first);
        assertEquals(64, Math.max(a.width(), a.height()));
        assertArrayEquals(a.data(), ImageReader.read(second).data(), "the same seed gives the same image");
        assertTrue(Files.exists(dir.resolve("first-4.png")), "intermediate image every 4 iterations");

        Map<String, String> text = ImageWriter.readPngText(first);
        String command = text.get(ResultText.COMMAND_KEY);
        assertTrue(command.startsWith("neural-style --content "), command);
        assertTrue(command.contains("--seed 3") && command.contains("--iterations 8") && command.contains("--size 64"),
                command);
        assertTrue(text.get(ResultText.SETTINGS_KEY).contains("style-weight=10.0"), text.toString());

        // The embedded command, run again, makes the same picture.
        List<String> rerun = new ArrayList<>(List.of(command.split(" ")));
        rerun.remove(0);
        rerun.addAll(List.of("--output", dir.resolve("third.png").toString(), "--quiet"));
        assertEquals(0, Main.run(rerun.toArray(String[]::new)));
        assertArrayEquals(a.data(), ImageReader.read(dir.resolve("third.png")).data(), "re-run from the embedded command");
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
