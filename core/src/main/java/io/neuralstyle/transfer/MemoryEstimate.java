package io.neuralstyle.transfer;

import io.neuralstyle.engine.Device;
import io.neuralstyle.engine.Gpus;
import io.neuralstyle.engine.TileGrid;
import io.neuralstyle.model.Vgg19;
import java.util.Locale;

/**
 * The memory a run will need, estimated before it starts so that a size that cannot fit is refused
 * with a size that would, instead of the process being killed halfway through.
 *
 * <p>The network's share is native memory held by TensorFlow: a fixed part (the runtime, the
 * weights as constants of two graphs) and a part proportional to the feature maps of all layers up
 * to the deepest one used, which the backward pass keeps. Both constants were fitted to the peak
 * resident memory that {@code neural-style bench} measured on this project's machine with the
 * default layers: 1.5 GB at 256x256, 2.0 GB at 512x512, 2.9 GB at 768x768, 4.3 GB at 1024x1024. The
 * optimizer's share lives on the Java heap: L-BFGS keeps 2 x history image-sized arrays.
 *
 * <p>Evaluated in tiles ({@link TilePlan}), the network's share is that of one tile, while the
 * optimizer's still scales with the whole image: that part alone decides whether a size can run.
 *
 * @param networkBytes   native memory of the graph and its activations
 * @param optimizerBytes Java heap for the optimizer's state and the run's image copies
 */
public record MemoryEstimate(long networkBytes, long optimizerBytes) {
    private static final long GB = 1L << 30;
    /** TensorFlow's runtime, the weights held twice (targets and objective graphs), the JVM. */
    static final long FIXED_BYTES = 1_400L << 20;
    /** Bytes of memory per byte of feature maps: outputs kept for the backward pass, and its gradients. */
    static final double PER_FEATURE_BYTE = 2.6;

    public static MemoryEstimate of(int width, int height, Settings settings) {
        return of(width, height, settings, settings.lbfgsHistory());
    }

    /** As above, with L-BFGS keeping {@code pairs} pairs (see {@link #historyThatFits}). */
    static MemoryEstimate of(int width, int height, Settings settings, int pairs) {
        long image = 4L * 3 * width * height;
        // The image, its gradient, the best image so far and the optimizer's own vectors.
        long arrays = settings.optimizer() == OptimizerKind.LBFGS ? 2L * pairs + 6 : 7;
        return new MemoryEstimate(FIXED_BYTES + (long) (PER_FEATURE_BYTE * featureBytes(width, height, settings)),
                arrays * image);
    }

    /**
     * Computing the targets runs the network forward only, on the whole photo and the whole painting
     * (which --style-scale may make larger): TensorFlow then frees each layer's output once the next
     * is computed. Fitted to the one measurement there is, 3.65 GB peak at 2048x1536: about 0.6 byte
     * per byte of all feature maps, on top of the fixed part.
     */
    static long targetBytes(int width, int height, Settings settings) {
        double scale = Math.max(1, settings.styleScale());
        return FIXED_BYTES + (long) (TARGET_BYTES_PER_FEATURE_BYTE
                * featureBytes((int) Math.ceil(width * scale), (int) Math.ceil(height * scale), settings));
    }

    static final double TARGET_BYTES_PER_FEATURE_BYTE = 0.6;

    /** Bytes of all feature maps up to the deepest layer in use. */
    private static double featureBytes(int width, int height, Settings settings) {
        double features = 0;
        long h = height;
        long w = width;
        int last = Vgg19.index(settings.lossSpec().deepestLayer());
        for (int i = 0; i <= last; i++) {
            String layer = Vgg19.LAYERS.get(i);
            if (i > 0 && Vgg19.endsBlock(Vgg19.LAYERS.get(i - 1))) {
                h /= 2;
                w /= 2;
            }
            features += 4.0 * h * w * Vgg19.outChannels(layer);
        }
        return features;
    }

    /** The estimate when the objective is evaluated in tiles with the given core side. */
    public static MemoryEstimate tiled(int width, int height, int core, Settings settings) {
        return tiled(width, height, core, settings, settings.lbfgsHistory());
    }

    static MemoryEstimate tiled(int width, int height, int core, Settings settings, int pairs) {
        int side = TileGrid.tileSide(core, settings.lossSpec().deepestLayer());
        MemoryEstimate tile = of(Math.min(width, side), Math.min(height, side), settings, pairs);
        return new MemoryEstimate(tile.networkBytes, of(width, height, settings, pairs).optimizerBytes);
    }

    /**
     * The least a run can need: the whole image at once, or the smallest tiles if they need less, and
     * no less than computing the targets, which is not tiled.
     */
    static MemoryEstimate least(int width, int height, Settings settings, int pairs) {
        MemoryEstimate whole = of(width, height, settings, pairs);
        MemoryEstimate tiled = tiled(width, height, TileGrid.STRIDE, settings, pairs);
        MemoryEstimate best = tiled.totalBytes() < whole.totalBytes() ? tiled : whole;
        return new MemoryEstimate(Math.max(best.networkBytes, targetBytes(width, height, settings)),
                best.optimizerBytes);
    }

    /** Fewer L-BFGS pairs than this converge markedly slower; below it a size is refused instead. */
    static final int FEWEST_PAIRS = 5;

    /**
     * The most L-BFGS pairs, up to the settings' history, whose arrays take at most a quarter of the
     * memory budget and 90% of Java's heap, leaving the rest to the network: at 2048x1536 each pair
     * costs 75 MB. Never fewer than {@link #FEWEST_PAIRS}; {@link #check} refuses what still does not fit.
     */
    static int historyThatFits(int width, int height, Settings settings) {
        return historyThatFits(width, height, settings, budget(settings), ProcessMemory.heapBytes());
    }

    static int historyThatFits(int width, int height, Settings settings, long budget, long maxHeap) {
        long image = 4L * 3 * width * height;
        double allowed = Math.min(budget / 4.0, 0.9 * maxHeap);
        long pairs = (long) ((allowed / image - 6) / 2);
        return (int) Math.max(FEWEST_PAIRS, Math.min(settings.lbfgsHistory(), pairs));
    }

    /**
     * The memory a run may use: --max-memory, else on a GPU the GPU's memory as TensorFlow reports
     * it, else the smaller of 8 GiB and what is available now to this run (the machine's free memory,
     * its container's limit, its share of a process that runs several; see {@link ProcessMemory}).
     *
     * @throws TransferException when the settings ask for a GPU and there is none to use
     */
    public static long budget(Settings settings) {
        if (settings.maxMemoryBytes() > 0) {
            return settings.maxMemoryBytes();
        }
        Device device;
        try {
            device = settings.device().resolve();
        } catch (IllegalStateException e) {
            throw new TransferException(e.getMessage(), e);
        }
        return device == Device.GPU ? Gpus.first().orElseThrow().memoryBytes() : Math.min(8 * GB, ProcessMemory.availableBytes());
    }

    public long totalBytes() {
        return networkBytes + optimizerBytes;
    }

    /**
     * Refuses, with a message that names a size that would fit, a run that needs more memory than
     * the budget allows even in the smallest tiles, or more Java heap than the JVM may take, with
     * the settings' L-BFGS history.
     *
     * @throws TransferException when it does not fit
     */
    public static void check(int width, int height, Settings settings) {
        check(width, height, settings, settings.lbfgsHistory(), budget(settings), ProcessMemory.heapBytes());
    }

    static void check(int width, int height, Settings settings, long available, long maxHeap) {
        check(width, height, settings, settings.lbfgsHistory(), available, maxHeap);
    }

    /** As above, with L-BFGS keeping {@code pairs} pairs. */
    static void check(int width, int height, Settings settings, int pairs, long available, long maxHeap) {
        MemoryEstimate e = least(width, height, settings, pairs);
        if (fits(e, available, maxHeap)) {
            return;
        }
        int longest = Math.max(width, height);
        int fitting = longest;
        while (fitting > Settings.MIN_SIDE && !fits(least(scaled(width, fitting, longest), scaled(height, fitting, longest),
                settings, pairs), available, maxHeap)) {
            fitting = (int) (fitting * 0.95);
        }
        boolean heapBound = e.optimizerBytes > 0.9 * maxHeap;
        String heapHint = !heapBound ? ""
                : settings.optimizer() == OptimizerKind.LBFGS && settings.lbfgsHistory() > 10
                ? ", or keep fewer L-BFGS pairs (--lbfgs-history 10), or give Java more heap (JAVA_OPTS=-Xmx...)"
                : ", or give Java more heap (JAVA_OPTS=-Xmx...)";
        throw new TransferException(String.format(Locale.ROOT,
                "a %dx%d image needs about %.1f GB at the least (network %.1f GB, optimizer %.1f GB of Java heap)"
                        + " but %.1f GB may be used (--max-memory) and Java may use %.1f GB: use --size %d or less%s",
                width, height, e.totalBytes() / (double) GB, e.networkBytes / (double) GB,
                e.optimizerBytes / (double) GB, available / (double) GB, maxHeap / (double) GB, fitting, heapHint));
    }

    private static int scaled(int side, int fitting, int longest) {
        return Math.max(1, (int) Math.round((double) side * fitting / longest));
    }

    private static boolean fits(MemoryEstimate e, long available, long maxHeap) {
        return e.totalBytes() <= available && e.optimizerBytes <= 0.9 * maxHeap;
    }
}
