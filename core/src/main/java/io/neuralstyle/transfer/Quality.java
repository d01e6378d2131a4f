package io.neuralstyle.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A named schedule, so that a person can ask for a quick look or for the best result without
 * learning what iterations at each scale mean: how many iterations a run gives each coarser scale
 * and the full size when the settings name none. Explicit {@code iterations} and
 * {@code scale-iterations} override it. The numbers were chosen by {@code neural-style bench
 * schedules} on three photo and painting pairs at 512 px: see docs/performance.md.
 */
public enum Quality {
    /** A recognisable picture in about a fifth of the standard time: the layout and the palette, few strokes. */
    DRAFT(60, 20, 100),
    /**
     * The default. A quicker one was measured (100 at each scale: 61% of the time) and kept out: it
     * keeps only 89 to 92% of the photo's edges.
     */
    STANDARD(300, 100, 500),
    /**
     * Twice the full-size iterations. At one scale as standard: L-BFGS in bf16 stops by itself before
     * 500 there (260 at 256 px).
     */
    BEST(300, 200, 500);

    private final int coarseIterations;
    private final int fineIterations;
    private final int singleScaleIterations;

    Quality(int coarseIterations, int fineIterations, int singleScaleIterations) {
        this.coarseIterations = coarseIterations;
        this.fineIterations = fineIterations;
        this.singleScaleIterations = singleScaleIterations;
    }

    /**
     * Iterations at each coarser scale, coarsest first: none up to {@link Settings#COARSE_TO_FINE_ABOVE},
     * else {@link #coarseIterations()} at each halved size down to the smallest of at least
     * {@link Settings#SMALLEST_SCALE}.
     */
    public List<Integer> scaleIterations(int size) {
        List<Integer> counts = new ArrayList<>();
        if (size > Settings.COARSE_TO_FINE_ABOVE) {
            for (int s = size / 2; s >= Settings.SMALLEST_SCALE; s /= 2) {
                counts.add(coarseIterations);
            }
        }
        return counts;
    }

    /** Iterations at the full size, after {@code scaleIterations} coarser scales (an empty list: none). */
    public int iterations(List<Integer> scaleIterations) {
        return scaleIterations.isEmpty() ? singleScaleIterations : fineIterations;
    }

    /** Iterations at each coarser scale of a coarse-to-fine run. */
    public int coarseIterations() {
        return coarseIterations;
    }

    /** Iterations at the full size after coarser scales. */
    public int fineIterations() {
        return fineIterations;
    }

    /** Iterations when the full size is the only scale. */
    public int singleScaleIterations() {
        return singleScaleIterations;
    }

    /** The name as settings files, the PNG and the command line write it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The quality with this name; an {@link IllegalArgumentException} naming the ones there are. */
    public static Quality parse(String text) {
        for (Quality q : values()) {
            if (q.toString().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return q;
            }
        }
        throw new IllegalArgumentException("must be draft, standard or best, got '" + text + "'");
    }
}
