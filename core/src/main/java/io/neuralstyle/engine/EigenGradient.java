package io.neuralstyle.engine;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;

/**
 * TensorFlow's C++ gradient builder visits every operation between the input and the loss, even
 * behind a StopGradient, and has no gradient for the symmetric eigendecomposition
 * (SelfAdjointEigV2). {@link LossTerms#sqrtOfTrace} only ever applies it to a matrix whose gradient
 * is stopped, where any gradient it returned would be discarded. This registers one that returns
 * zeros there and refuses everywhere else, so that no other use can silently get a wrong gradient.
 */
final class EigenGradient {
    private static boolean registered;

    private EigenGradient() {
    }

    static synchronized void register() {
        if (registered) {
            return;
        }
        TensorFlow.registerCustomGradient("SelfAdjointEigV2", (tf, op, gradients) -> {
            if (!op.input(0).op().type().equals("StopGradient")) {
                throw new IllegalStateException("no gradient for " + op.name() + ": the eigendecomposition is"
                        + " only differentiable here behind a StopGradient");
            }
            List<Operand<?>> out = new ArrayList<>();
            for (int i = 0; i < op.numInputs(); i++) {
                out.add(tf.zerosLike(op.input(i)));
            }
            return out;
        });
        registered = true;
    }
}
