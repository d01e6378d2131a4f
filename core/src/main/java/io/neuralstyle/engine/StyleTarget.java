package io.neuralstyle.engine;

import io.neuralstyle.image.Image;
import java.util.Map;

/**
 * The Gram matrices one style asks for, and where: with a mask (Gatys et al. 2017, "Controlling
 * Perceptual Factors in Neural Style Transfer") the generated image's Gram matrix is taken over the
 * masked region only, {@code G = (F m)^T (F m) / sum m}, with the mask resized to each layer.
 *
 * @param grams layer to target Gram A_l
 * @param mask  any size; its mean over the RGB channels, in [0, 1], weighs each position (white:
 *              the style applies); null for the whole image
 */
public record StyleTarget(Map<String, float[]> grams, Image mask) {
}
