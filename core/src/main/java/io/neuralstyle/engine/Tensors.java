package io.neuralstyle.engine;

import io.neuralstyle.image.Image;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Copies between Java arrays and TensorFlow tensors. */
final class Tensors {
    private Tensors() {
    }

    /** An image as a [1, 3, H, W] tensor. */
    static TFloat32 imageTensor(Image image) {
        return imageTensor(image.data(), image.width(), image.height());
    }

    static TFloat32 imageTensor(float[] chw, int width, int height) {
        return TFloat32.tensorOf(Shape.of(1, 3, height, width), DataBuffers.of(chw, true, false));
    }

    static float[] toArray(TFloat32 t) {
        float[] out = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }
}
