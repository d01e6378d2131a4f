package io.neuralstyle.engine;

/**
 * The smoothness term of {@link LossTerms} and its gradient, in plain Java for both objectives: it is
 * local and cheap, so it needs no network and no tiles.
 */
final class TotalVariation {
    private TotalVariation() {
    }

    /**
     * {@code TV = (sum (x[c,y,x+1]-x[c,y,x])^2 + sum (x[c,y+1,x]-x[c,y,x])^2) / (3 H W)} of a CHW image.
     * Adds {@code weight * dTV/dx} into {@code gradient} and returns TV.
     */
    static double addGradient(float[] image, int width, int height, double weight, float[] gradient) {
        double scale = 1.0 / (3.0 * height * width);
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                int row = (c * height + y) * width;
                for (int x = 0; x < width; x++) {
                    int i = row + x;
                    if (x + 1 < width) {
                        double d = image[i + 1] - image[i];
                        sum += d * d;
                        float g = (float) (2 * weight * scale * d);
                        gradient[i + 1] += g;
                        gradient[i] -= g;
                    }
                    if (y + 1 < height) {
                        double d = image[i + width] - image[i];
                        sum += d * d;
                        float g = (float) (2 * weight * scale * d);
                        gradient[i + width] += g;
                        gradient[i] -= g;
                    }
                }
            }
        }
        return sum * scale;
    }
}
