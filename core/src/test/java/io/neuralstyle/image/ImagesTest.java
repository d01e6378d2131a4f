package io.neuralstyle.image;

import static io.neuralstyle.image.TestFiles.assertPixel;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagesTest {
    @Test
    void toBufferedImageClampsRoundsAndMapsNaNToBlack() {
        // Planar: R plane, G plane, B plane of a 2x1 image.
        float[] chw = {0.5f, Float.NaN, -1f, 2f, 1f / 255 * 0.49f, 1f / 255 * 0.51f};
        BufferedImage out = Images.toBufferedImage(new Image(2, 1, chw));

        assertEquals(BufferedImage.TYPE_INT_RGB, out.getType());
        assertEquals(0x800000, out.getRGB(0, 0) & 0xffffff);
        assertEquals(0x00ff01, out.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void roundTripThroughBufferedImageIsExactForEightBitValues() {
        float[] chw = new float[3 * 256];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = (i % 256) / 255f;
        }
        Image image = new Image(16, 16, chw);

        Image back = Images.fromBufferedImage(Images.toBufferedImage(image));

        for (int i = 0; i < chw.length; i++) {
            assertEquals(chw[i], back.data()[i], 0f);
        }
    }

    @Test
    void grayBufferedImageIsNotBrightened() {
        BufferedImage gray = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 128);
        // getRGB would say 0xbcbcbc here: Java2D takes its gray color space as linear light.
        assertPixel(Images.fromBufferedImage(gray), 0, 0, 128 / 255f, 128 / 255f, 128 / 255f, 0f);
    }
}
