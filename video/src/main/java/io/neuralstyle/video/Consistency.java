package io.neuralstyle.video;

/**
 * Where a warp from an earlier frame can be trusted: the forward-backward check of Sundaram, Brox
 * and Keutzer (2010) as Ruder et al. (2016) use it. A pixel of the later frame gets weight 0 when it
 * was hidden in the earlier frame (following the backward flow there and the forward flow back does
 * not return to it), when it sits on a motion boundary (the flow changes sharply around it), or when
 * its flow leaves the earlier frame; else 1.
 */
public final class Consistency {
    private Consistency() {
    }

    /**
     * @param backward the flow from the later frame to the earlier one
     * @param forward  the flow from the earlier frame to the later one
     * @return a weight per pixel of the later frame, row-major
     */
    public static float[] weights(Flow backward, Flow forward) {
        int w = backward.width();
        int h = backward.height();
        if (forward.width() != w || forward.height() != h) {
            throw new IllegalArgumentException("forward and backward flows of different sizes");
        }
        float[] c = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                float u = backward.dx()[p];
                float v = backward.dy()[p];
                float tx = x + u;
                float ty = y + v;
                boolean outside = tx < 0 || ty < 0 || tx > w - 1 || ty > h - 1;
                // The forward flow, warped to this pixel: near minus the backward flow where both agree.
                float[] back = forward.sample(tx, ty);
                double sumU = u + back[0];
                double sumV = v + back[1];
                boolean occluded = sumU * sumU + sumV * sumV
                        > 0.01 * (u * u + v * v + back[0] * back[0] + back[1] * back[1]) + 0.5;
                c[p] = outside || occluded || onMotionBoundary(backward, x, y) ? 0 : 1;
            }
        }
        return c;
    }

    /** |grad u|^2 + |grad v|^2 > 0.01 |w|^2 + 0.002, with central differences (one-sided at the edges). */
    private static boolean onMotionBoundary(Flow f, int x, int y) {
        int w = f.width();
        int h = f.height();
        int left = y * w + Math.max(0, x - 1);
        int right = y * w + Math.min(w - 1, x + 1);
        int up = Math.max(0, y - 1) * w + x;
        int down = Math.min(h - 1, y + 1) * w + x;
        double spanX = Math.max(1, Math.min(w - 1, x + 1) - Math.max(0, x - 1));
        double spanY = Math.max(1, Math.min(h - 1, y + 1) - Math.max(0, y - 1));
        double ux = (f.dx()[right] - f.dx()[left]) / spanX;
        double uy = (f.dx()[down] - f.dx()[up]) / spanY;
        double vx = (f.dy()[right] - f.dy()[left]) / spanX;
        double vy = (f.dy()[down] - f.dy()[up]) / spanY;
        int p = y * w + x;
        double magnitude = f.dx()[p] * f.dx()[p] + f.dy()[p] * f.dy()[p];
        return ux * ux + uy * uy + vx * vx + vy * vy > 0.01 * magnitude + 0.002;
    }
}
