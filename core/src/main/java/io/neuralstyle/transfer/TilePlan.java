package io.neuralstyle.transfer;

import io.neuralstyle.engine.TileGrid;

/**
 * How a run at one size evaluates its objective: the whole image at once when that fits the memory
 * budget (it is a little faster: no halo is computed twice), else in tiles with the largest core
 * whose tile fits. Both give the same loss and gradient; only memory and time differ.
 *
 * @param core side of a tile's core in pixels, a multiple of {@link TiledObjective#STRIDE}; 0 for
 *             the whole image at once
 */
record TilePlan(int core) {
    static final TilePlan WHOLE = new TilePlan(0);

    static TilePlan choose(int width, int height, Settings settings, long budget) {
        return choose(width, height, settings, settings.lbfgsHistory(), budget);
    }

    /** With L-BFGS keeping {@code pairs} pairs. */
    static TilePlan choose(int width, int height, Settings settings, int pairs, long budget) {
        if (MemoryEstimate.of(width, height, settings, pairs).totalBytes() <= budget) {
            return WHOLE;
        }
        int stride = TileGrid.STRIDE;
        for (int core = (Math.max(width, height) + stride - 1) / stride * stride; core > stride; core -= stride) {
            if (MemoryEstimate.tiled(width, height, core, settings, pairs).totalBytes() <= budget) {
                return new TilePlan(core);
            }
        }
        // The smallest tiles; MemoryEstimate.check has already refused a run that cannot fit even so.
        return new TilePlan(stride);
    }

    boolean tiled() {
        return core > 0;
    }
}
