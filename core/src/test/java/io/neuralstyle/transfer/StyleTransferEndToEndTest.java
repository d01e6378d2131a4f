package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.engine.Losses;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageMetrics;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import org.junit.jupiter.api.Test;

/**
 * The paper's experiment, small: Tuebingen painted like The Starry Night on the real VGG19, 128 px,
 * 100 L-BFGS iterations from white noise.
 */
class StyleTransferEndToEndTest {
    /** Blur before comparing edges: at 128 px, 2 px removes the painting's brush-stroke edges. */
    private static final double EDGE_BLUR = 2.0;

    @Test
    void paintsTheNeckarfrontLikeTheStarryNight() {
        Weights weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        Image photo = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        Image painting = ImageReader.read(SharedData.imageOrSkip("starry_night.jpg"));
        Settings settings = Settings.builder().size(128).iterations(100).seed(1).build();

        Result result = StyleTransfer.builder().weights(weights).settings(settings).build()
                .run(photo, painting, Listener.NONE);

        assertEquals(100, result.iterations());
        Losses start = result.initial();
        Losses end = result.history().get(result.history().size() - 1);
        System.out.printf("style loss %.4g -> %.4g (%.0fx), content loss %.4g -> %.4g%n", start.style(), end.style(),
                start.style() / end.style(), start.content(), end.content());
        assertTrue(end.style() * 100 <= start.style(), "style loss falls at least 100x: " + start.style() + " -> "
                + end.style());

        Image content = Resize.toLongestSide(photo, 128);
        Image output = result.image();
        Image noise = new Image(content.width(), content.height(),
                StyleTransfer.noise(content.width(), content.height(), 1));
        Image paintingAlone = Resize.to(painting, content.width(), content.height());
        double kept = ImageMetrics.edgeCorrelation(output, content, EDGE_BLUR);
        double byNoise = ImageMetrics.edgeCorrelation(noise, content, EDGE_BLUR);
        double byPainting = ImageMetrics.edgeCorrelation(paintingAlone, content, EDGE_BLUR);
        System.out.printf("edge correlation with the photo: result %.3f, noise %.3f, painting %.3f%n", kept,
                byNoise, byPainting);
        double threshold = 0.35;
        assertTrue(byNoise < threshold - 0.15 && byPainting < threshold - 0.15,
                "the threshold must stand well clear of what noise and the painting score");
        assertTrue(kept > threshold, "the result keeps the photo's outlines: edge correlation " + kept);
    }
}
