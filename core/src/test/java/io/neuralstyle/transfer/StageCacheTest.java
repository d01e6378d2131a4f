package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs that share a {@link StageCache}, as a clip's frames do, paint what runs without one paint, to
 * the bit: a coarse-to-fine first frame, then frames of other photos at the full size only.
 */
class StageCacheTest {

    @Test
    void framesPaintedWithTheCacheAreThoseWithout() {
        Weights weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        Image photo = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        Image painting = ImageReader.read(SharedData.imageOrSkip("starry_night.jpg"));
        List<StyleImage> styles = List.of(StyleImage.of(painting));
        Settings first = Settings.builder().size(48).iterations(6).scaleIterations(List.of(4)).seed(2).build();
        Settings later = first.toBuilder().scaleIterations(List.of()).iterations(5).build();
        StyleTransfer still = StyleTransfer.builder().weights(weights).settings(first).build();
        StyleTransfer next = StyleTransfer.builder().weights(weights).settings(later).build();
        // Three "frames": the photo, a crop of it, and the photo again (its stage graph is reused twice).
        List<Image> frames = List.of(photo, Resize.to(photo, 400, 300), photo);

        List<Image> alone = paint(still, next, styles, frames, null);
        List<Image> shared;
        try (StageCache cache = new StageCache()) {
            shared = paint(still, next, styles, frames, cache);
            // The first frame's two stages, then the full size again: one graph and one set of targets per size.
            assertEquals(2, cache.graphsBuilt(), "graphs built for 3 frames at 2 sizes");
            assertEquals(2, cache.styleTargetsComputed(), "style targets computed for 3 frames at 2 sizes");
        }
        assertEquals(alone.size(), shared.size());
        for (int i = 0; i < alone.size(); i++) {
            assertArrayEquals(alone.get(i).data(), shared.get(i).data(), 0, "frame " + (i + 1));
        }
    }

    private static List<Image> paint(StyleTransfer still, StyleTransfer next, List<StyleImage> styles,
            List<Image> frames, StageCache cache) {
        List<Image> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            StyleTransfer t = i == 0 ? still : next;
            out.add(t.run(t.request().content(frames.get(i)).styles(styles).cache(cache).build()).image());
        }
        return out;
    }
}
