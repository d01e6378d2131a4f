package io.neuralstyle.video;

import io.neuralstyle.image.Image;

/** Moves an image along a flow, by bilinear sampling. */
public final class Warp {
    private Warp() {
    }

    /**
     * The frame {@code source} warped to the frame the flow starts from: with {@code flow} from frame
     * B to frame A, {@code backward(A, flow)} is A's content put where it is in B (each pixel p takes
     * A's value at p + flow(p)). Samples outside A take its nearest edge; the consistency weights say
     * where that is not to be trusted.
     */
    public static Image backward(Image source, Flow flow) {
        int w = flow.width();
        int h = flow.height();
        if (source.width() != w || source.height() != h) {
            throw new IllegalArgumentException("a " + w + "x" + h + " flow cannot warp a " + source + " image");
        }
        int plane = w * h;
        float[] out = new float[3 * plane];
        float[] in = source.data();
        for (int c = 0; c < 3; c++) {
            float[] channel = new float[plane];
            System.arraycopy(in, c * plane, channel, 0, plane);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    out[c * plane + p] = bilinear(channel, w, h, x + flow.dx()[p], y + flow.dy()[p]);
                }
            }
        }
        return new Image(w, h, out);
    }

    /** The row-major plane's value at (x, y), interpolated between its four neighbours, edges extended. */
    static float bilinear(float[] plane, int w, int h, float x, float y) {
        float cx = Math.max(0, Math.min(w - 1, x));
        float cy = Math.max(0, Math.min(h - 1, y));
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        float fx = cx - x0;
        float fy = cy - y0;
        float top = plane[y0 * w + x0] * (1 - fx) + plane[y0 * w + x1] * fx;
        float bottom = plane[y1 * w + x0] * (1 - fx) + plane[y1 * w + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
