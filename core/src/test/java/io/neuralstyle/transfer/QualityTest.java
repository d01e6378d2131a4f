package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality presets: named schedules in the settings table, which explicit values override. */
class QualityTest {

    /** The schedules docs/performance.md documents, at 512 px (coarse-to-fine) and 256 px (one scale). */
    @Test
    void eachPresetResolvesToItsDocumentedSchedule() {
        assertSchedule("draft", 512, List.of(60, 60), 20);
        assertSchedule("standard", 512, List.of(300, 300), 100);
        assertSchedule("best", 512, List.of(300, 300), 200);
        assertSchedule("draft", 256, List.of(), 100);
        assertSchedule("standard", 256, List.of(), 500);
        assertSchedule("best", 256, List.of(), 500);
        assertSchedule("best", 1024, List.of(300, 300, 300), 200);
        assertSchedule("draft", 1024, List.of(60, 60, 60), 20);
        assertSchedule("draft", 300, List.of(60), 20);
        assertEquals(Settings.builder().size(512).build(),
                Settings.fromMap(Map.of("size", "512", "quality", "standard")), "standard is the default");
    }

    @Test
    void explicitIterationsOverrideThePreset() {
        Settings s = Settings.fromMap(Map.of("quality", "draft", "iterations", "77"));
        assertEquals(77, s.iterations());
        assertEquals(List.of(60, 60), s.scaleIterations(), "the preset still gives what was not given");
        Settings t = Settings.fromMap(Map.of("quality", "best", "scale-iterations", "none"));
        assertEquals(List.of(), t.scaleIterations());
        assertEquals(500, t.iterations(), "one scale, so the preset's single-scale count");
        // The order of the keys does not matter: the preset only fills in what is unset when built.
        assertEquals(77, Settings.builder().iterations(77).quality(Quality.BEST).build().iterations());
    }

    @Test
    void aPresetIsRecordedByNameAndReadBack() {
        Settings draft = Settings.builder().quality(Quality.DRAFT).build();
        Map<String, String> text = draft.describe();
        assertEquals("draft", text.get("quality"));
        assertEquals(draft, Settings.fromMap(text));
        assertEquals(draft, draft.toBuilder().build());
        assertFalse(Settings.builder().build().describe().containsKey("quality"),
                "left out at standard, so results made before presets read the same");
    }

    @Test
    void anUnknownPresetNamesTheOnesThereAre() {
        SettingsException e = org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class,
                () -> Settings.fromMap(Map.of("quality", "ultra")));
        assertEquals("quality", e.setting());
        assertTrue(e.problem().contains("draft, standard or best"), e.problem());
    }

    /** The PNG's embedded settings re-run to the same image. */
    @Test
    void aDraftsEmbeddedSettingsRepeatItsPicture(@TempDir Path dir) throws Exception {
        Weights weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        Image photo = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        Image painting = ImageReader.read(SharedData.imageOrSkip("starry_night.jpg"));
        Settings draft = Settings.builder().size(40).quality(Quality.DRAFT).iterations(8).build();
        Result first = StyleTransfer.builder().weights(weights).settings(draft).build()
                .run(RunRequest.builder(draft).content(photo).style(painting).build());
        Path png = dir.resolve("draft.png");
        ImageWriter.writePng(first.image(), png, draft.describe());

        Settings embedded = Settings.fromMap(ImageWriter.readPngText(png));
        assertEquals(draft, embedded);
        Result again = StyleTransfer.builder().weights(weights).settings(embedded).build()
                .run(RunRequest.builder(embedded).content(photo).style(painting).build());
        assertArrayEquals(first.image().data(), again.image().data(), "the same picture, bit for bit");

        // A checkpoint of the preset by name goes on under the same schedule spelled out, and back.
        Settings spelledOut = Settings.builder().size(40).iterations(8).scaleIterations(draft.scaleIterations())
                .build();
        List<StyleImage> styles = List.of(StyleImage.of(painting));
        assertEquals(Fingerprint.of(draft, weights, photo, styles, null).values(),
                Fingerprint.of(spelledOut, weights, photo, styles, null).values());
    }

    private static void assertSchedule(String quality, int size, List<Integer> coarse, int fine) {
        Settings s = Settings.fromMap(Map.of("size", String.valueOf(size), "quality", quality));
        assertEquals(coarse, s.scaleIterations(), quality + " at " + size + " px: coarser scales");
        assertEquals(fine, s.iterations(), quality + " at " + size + " px: the full size");
    }

}
