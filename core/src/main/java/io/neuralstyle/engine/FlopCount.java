package io.neuralstyle.engine;

import io.neuralstyle.model.Vgg19;

/**
 * Floating-point operations of one evaluation of {@link StyleObjective}: the forward pass up to the
 * deepest layer in use, the Gram matrices, and the backward pass to the image. Weights are constants,
 * so the backward pass computes input gradients only, costing as much as the forward convolutions.
 * Element-wise work (ReLU, pooling, bias, the loss sums) is left out: it is under 1% of the count,
 * though not of the time.
 */
public final class FlopCount {
    private FlopCount() {
    }

    /** Multiply-adds counted as 2 operations. */
    public static double perEvaluation(int width, int height, LossSpec spec) {
        int last = Vgg19.index(spec.deepestLayer());
        double flops = 0;
        long h = height;
        long w = width;
        for (int i = 0; i <= last; i++) {
            String layer = Vgg19.LAYERS.get(i);
            if (i > 0 && Vgg19.endsBlock(Vgg19.LAYERS.get(i - 1))) {
                h /= 2;
                w /= 2;
            }
            double conv = 2.0 * h * w * 9 * Vgg19.inChannels(layer) * Vgg19.outChannels(layer);
            flops += 2 * conv;
            if (spec.styleLayers().containsKey(layer)) {
                double n = Vgg19.outChannels(layer);
                // G = F^T F forward, and its gradient 2 F dG backward.
                flops += 3 * 2.0 * h * w * n * n;
            }
        }
        return flops;
    }
}
