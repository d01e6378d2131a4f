package io.neuralstyle.engine;

import java.util.Locale;

/**
 * How a style layer compares the generated image's features with the painting's; each term, with
 * its normalization, is defined in {@link LossTerms}.
 *
 * <ul>
 * <li>{@link #GRAM}: Gram matrices, the paper's eq. 3-5.</li>
 * <li>{@link #W2}: the Wasserstein-2 distance between the Gaussians with the features' mean and
 * covariance (as crowsonkb/style-transfer-pytorch does).</li>
 * <li>{@link #SLICED}: the sliced Wasserstein distance (Heitz et al., CVPR 2021): the features
 * projected on fixed random directions, each projection sorted and compared with the painting's.</li>
 * </ul>
 */
public enum StyleLoss {
    GRAM, W2, SLICED;

    /** Parses "gram", "w2" or "sliced", any case. */
    public static StyleLoss parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "gram" -> GRAM;
            case "w2", "wasserstein" -> W2;
            case "sliced", "swd" -> SLICED;
            default -> throw new IllegalArgumentException("unknown style loss '" + s + "': use gram, w2 or sliced");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
