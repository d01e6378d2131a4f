package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Preprocessing;
import io.neuralstyle.model.Vgg19;
import io.neuralstyle.model.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The starting image is a setting that carries its location: it reads back from the text a result
 * carries, and a run depends on its pixels, not on where it lies.
 */
class StartingImageTest {
    private static final Settings FROM_IMAGE = Settings.builder().size(64).init(Init.image("runs/start.png")).build();

    @Test
    void theResultsTextNamesTheStartingImageAndReadsBackAsTheSameSettings() {
        Map<String, String> text = ResultText.of("test", FROM_IMAGE, "vgg19-q8", "photo.jpg", List.of("art.jpg"),
                List.of());
        Map<String, String> read = ResultText.settingsIn(text.get(ResultText.SETTINGS_KEY));
        assertEquals("runs/start.png", read.get("init"));
        assertEquals(FROM_IMAGE, Settings.fromMap(read));
        assertTrue(text.get(ResultText.COMMAND_KEY).contains("--init runs/start.png"),
                text.get(ResultText.COMMAND_KEY));
    }

    @Test
    void theFingerprintCountsTheStartingImagesPixelsNotItsLocation() {
        Weights weights = oneLayer();
        Image photo = Image.filled(8, 8, 0.5f);
        List<StyleImage> styles = List.of(StyleImage.of(Image.filled(8, 8, 0.25f)));
        Image start = Image.filled(8, 8, 0.75f);
        Settings moved = FROM_IMAGE.toBuilder().init(Init.image("elsewhere/start-copy.png")).build();

        Fingerprint here = Fingerprint.of(FROM_IMAGE, weights, photo, styles, start);
        assertEquals("image", here.values().get("init"), "as fingerprints had it before the location was kept");
        assertEquals(here, Fingerprint.of(moved, weights, photo, styles, start), "the same pixels elsewhere");
        List<Fingerprint.Difference> other = here.differences(
                Fingerprint.of(FROM_IMAGE, weights, photo, styles, Image.filled(8, 8, 0.7f)));
        assertEquals(List.of("initial image"), other.stream().map(Fingerprint.Difference::name).toList());
        assertNotEquals(here, Fingerprint.of(FROM_IMAGE.toBuilder().init(Init.NOISE).build(), weights, photo, styles,
                null));
    }

    /** conv1_1 alone, all zeros: the fingerprint hashes the weights, it does not run them. */
    private static Weights oneLayer() {
        String layer = Vgg19.LAYERS.get(0);
        int out = Vgg19.outChannels(layer);
        return new Weights(Map.of(layer, new float[9 * Vgg19.inChannels(layer) * out]), Map.of(layer, new float[out]),
                Preprocessing.CAFFE, "zeros");
    }
}
