package io.neuralstyle.image;

/**
 * Linear colour transfer (Gatys et al. 2016, "Preserving Color in Neural Artistic Style Transfer",
 * colour histogram matching): maps an image's RGB values by {@code x' = A (x - mu_s) + mu_c} so that
 * their mean and covariance become another image's. A is built from Cholesky factors,
 * {@code A = L_c L_s^-1} with {@code C = L L^T}: then {@code A C_s A^T = C_c} exactly. The paper also
 * shows the symmetric (eigen-decomposition) square root; both match mean and covariance and differ
 * only by a rotation of the colours, and the Cholesky form needs no eigen-solver.
 */
public final class ColorTransfer {
    /** Added to each covariance's diagonal so that a gray or flat image still has a Cholesky factor. */
    static final double RIDGE = 1e-6;

    private ColorTransfer() {
    }

    /** {@code source} with its colours' mean and covariance made those of {@code reference}; clipped to [0, 1]. */
    public static Image matchMeanAndCovariance(Image source, Image reference) {
        double[] muS = mean(source);
        double[] muR = mean(reference);
        double[][] ls = Matrix3.cholesky(covariance(source, muS));
        double[][] lr = Matrix3.cholesky(covariance(reference, muR));
        double[][] a = Matrix3.multiply(lr, Matrix3.inverse(ls));
        int n = source.pixels();
        float[] d = source.data();
        float[] out = new float[d.length];
        for (int p = 0; p < n; p++) {
            double r = d[p] - muS[0];
            double g = d[n + p] - muS[1];
            double b = d[2 * n + p] - muS[2];
            for (int c = 0; c < 3; c++) {
                double v = a[c][0] * r + a[c][1] * g + a[c][2] * b + muR[c];
                out[c * n + p] = (float) Math.max(0, Math.min(1, v));
            }
        }
        return new Image(source.width(), source.height(), out);
    }

    /** Mean of each RGB channel. */
    public static double[] mean(Image image) {
        int n = image.pixels();
        double[] m = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < n; p++) {
                m[c] += image.data()[c * n + p];
            }
            m[c] /= n;
        }
        return m;
    }

    /** The 3x3 covariance of the RGB values (divided by the pixel count), plus {@link #RIDGE} on the diagonal. */
    static double[][] covariance(Image image, double[] mean) {
        return covariance(image, mean, RIDGE);
    }

    /** The 3x3 covariance of the RGB values, divided by the pixel count. */
    public static double[][] covariance(Image image) {
        return covariance(image, mean(image), 0);
    }

    private static double[][] covariance(Image image, double[] mean, double ridge) {
        int n = image.pixels();
        float[] d = image.data();
        double[][] cov = new double[3][3];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < 3; i++) {
                double di = d[i * n + p] - mean[i];
                for (int j = 0; j <= i; j++) {
                    cov[i][j] += di * (d[j * n + p] - mean[j]);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                cov[i][j] /= n;
                cov[j][i] = cov[i][j];
            }
            cov[i][i] += ridge;
        }
        return cov;
    }
}
