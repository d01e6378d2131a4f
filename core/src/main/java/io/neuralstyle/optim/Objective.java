package io.neuralstyle.optim;

/**
 * A differentiable function of a flat float vector: the one seam between the optimizers, which know
 * nothing of images, and the engine, which computes losses and gradients.
 */
@FunctionalInterface
public interface Objective {
    /**
     * Evaluates the function at {@code x}.
     *
     * @param x        the point; not changed
     * @param gradient receives d f / d x, same length as x
     * @return f(x)
     */
    double evaluate(float[] x, float[] gradient);
}
