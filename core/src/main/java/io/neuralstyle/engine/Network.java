package io.neuralstyle.engine;

import io.neuralstyle.model.Weights;
import java.util.Objects;

/**
 * The VGG19 that objectives and forward passes run: its weights, the pooling between its blocks,
 * where it runs and on how many threads, and the arithmetic of its convolutions. One value, because
 * the four always travel together: a run's targets, objectives and benchmark must all see the same
 * network.
 *
 * @param precision the arithmetic of an objective's convolutions; forward passes for targets
 *                  ({@link FeatureExtractor}) are always float32, as {@link Precision} says
 */
public record Network(Weights weights, Pooling pooling, Compute compute, Precision precision) {

    public Network {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(compute, "compute");
        Objects.requireNonNull(precision, "precision");
    }

    /** In float32, the reference arithmetic. */
    public Network(Weights weights, Pooling pooling, Compute compute) {
        this(weights, pooling, compute, Precision.FP32);
    }

    /** The same network in float32: a yardstick that measures every precision alike. */
    public Network inFloat32() {
        return new Network(weights, pooling, compute, Precision.FP32);
    }
}
