package io.neuralstyle.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The layer table of VGG19's convolutional part (Simonyan and Zisserman 2014), named as in Gatys et
 * al.: {@code conv3_1} is the output of block 3's first 3x3 convolution <em>after</em> its ReLU,
 * which is what the paper calls that layer's feature maps. {@code relu3_1} is accepted as an alias.
 * Blocks are separated by 2x2 pooling of stride 2.
 */
public final class Vgg19 {
    /** Convolutions per block. */
    private static final int[] BLOCK_SIZES = {2, 2, 4, 4, 4};
    private static final int[] BLOCK_CHANNELS = {64, 128, 256, 512, 512};

    /**
     * Pixels of the input per position of the deepest layers, block 5's ({@link #stride} of conv5_x):
     * 16. Tiles start on its grid, and a side below it leaves those layers no position at all.
     */
    public static final int DEEPEST_STRIDE = 1 << (BLOCK_SIZES.length - 1);

    /** conv1_1 .. conv5_4, in the order the network applies them. */
    public static final List<String> LAYERS;

    static {
        List<String> names = new ArrayList<>();
        for (int b = 0; b < BLOCK_SIZES.length; b++) {
            for (int i = 0; i < BLOCK_SIZES[b]; i++) {
                names.add("conv" + (b + 1) + "_" + (i + 1));
            }
        }
        LAYERS = Collections.unmodifiableList(names);
    }

    private Vgg19() {
    }

    /**
     * The paper's name for a layer given as {@code conv3_1} or {@code relu3_1} (any case, spaces
     * trimmed).
     *
     * @throws IllegalArgumentException naming the valid layers when there is no such layer
     */
    public static String canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("relu")) {
            n = "conv" + n.substring(4);
        }
        if (!LAYERS.contains(n)) {
            throw new IllegalArgumentException("unknown VGG19 layer '" + name.trim()
                    + "': use one of conv1_1, conv1_2, conv2_1 .. conv5_4 (relu1_1 etc. are aliases)");
        }
        return n;
    }

    /** Position of a layer in {@link #LAYERS}, 0 for conv1_1 and 15 for conv5_4. */
    public static int index(String layer) {
        return LAYERS.indexOf(canonical(layer));
    }

    /** Block number, 1 to 5. */
    public static int block(String layer) {
        return canonical(layer).charAt(4) - '0';
    }

    /** Pixels of the input per position of a layer: 1 in block 1, 2 in block 2, ... 16 in block 5. */
    public static int stride(String layer) {
        return 1 << (block(layer) - 1);
    }

    /** Output channels of a layer: 64, 128, 256, 512 or 512 by block. */
    public static int outChannels(String layer) {
        return BLOCK_CHANNELS[block(layer) - 1];
    }

    /** Input channels of a layer's convolution. */
    public static int inChannels(String layer) {
        int i = index(layer);
        return i == 0 ? 3 : outChannels(LAYERS.get(i - 1));
    }

    /** True when a pooling step follows this layer (the last convolution of each block). */
    public static boolean endsBlock(String layer) {
        int i = index(layer);
        return i == LAYERS.size() - 1 || block(LAYERS.get(i + 1)) != block(layer);
    }
}
