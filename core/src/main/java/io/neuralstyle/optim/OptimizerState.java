package io.neuralstyle.optim;

import java.util.List;

/**
 * Everything an optimizer needs to go on where a run left off, bit for bit: how far it got, the
 * point with its loss and gradient, and the optimizer's own memory (L-BFGS: its curvature pairs;
 * Adam: its moment estimates).
 *
 * @param optimizer   which optimizer made it ("lbfgs" or "adam"); another refuses it
 * @param iteration   iterations done
 * @param evaluations objective evaluations done
 * @param loss        the objective at {@code x}
 * @param x           the current point
 * @param gradient    the gradient at {@code x}
 * @param arrays      the optimizer's vectors, each as long as x, in its own order
 * @param numbers     the optimizer's scalars, in its own order
 */
public record OptimizerState(String optimizer, int iteration, long evaluations, double loss, float[] x,
        float[] gradient, List<float[]> arrays, double[] numbers) {

    public OptimizerState {
        arrays = List.copyOf(arrays);
        for (float[] a : arrays) {
            if (a.length != x.length) {
                throw new IllegalArgumentException("every array of an optimizer state must be as long as x ("
                        + x.length + "), got " + a.length);
            }
        }
        if (gradient.length != x.length) {
            throw new IllegalArgumentException("the gradient must be as long as x");
        }
    }

    /** Refuses a state made by another optimizer or for another problem size. */
    void check(String expectedOptimizer, int n) {
        if (!optimizer.equals(expectedOptimizer)) {
            throw new IllegalArgumentException("this state was saved by " + optimizer + ", not " + expectedOptimizer);
        }
        if (x.length != n) {
            throw new IllegalArgumentException("this state is for " + x.length + " values, not " + n);
        }
    }
}
