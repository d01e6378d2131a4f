package io.neuralstyle.video;

/**
 * A dense optical flow from one frame to another: the pixel at (x, y) of the first frame is found
 * at (x + dx, y + dy) in the second, in pixels, row-major arrays of width x height.
 */
public record Flow(int width, int height, float[] dx, float[] dy) {

    public Flow {
        if (dx.length != width * height || dy.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " flow needs " + width * height
                    + " displacements per axis");
        }
    }

    /** The flow a camera move gives when every pixel moves alike; for tests and the first frame. */
    public static Flow uniform(int width, int height, float dx, float dy) {
        float[] u = new float[width * height];
        float[] v = new float[width * height];
        java.util.Arrays.fill(u, dx);
        java.util.Arrays.fill(v, dy);
        return new Flow(width, height, u, v);
    }

    /** The displacement of each pixel, bilinearly sampled at (x, y), edges extended. */
    float[] sample(float x, float y) {
        return new float[] {Warp.bilinear(dx, width, height, x, y), Warp.bilinear(dy, width, height, x, y)};
    }
}
