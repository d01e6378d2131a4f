package io.neuralstyle.web;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageSize;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Decodes uploaded images on two threads of its own under a memory budget: each image's pixels are
 * counted from its header and taken from the budget before a byte is decoded, so a flood of small
 * files that each decode to hundreds of megabytes (PNG bombs) waits its turn instead of exhausting
 * the heap. The request threads only wait.
 */
final class UploadDecoder implements AutoCloseable {
    /** The decoder's image (up to 4 bytes a pixel) and its float RGB copy (12): the peak per pixel. */
    static final int BYTES_PER_PIXEL = 16;
    /** How long an upload waits for its share of the budget before the client is asked to try again. */
    private static final long WAIT_SECONDS = 60;

    private final long maxPixels;
    private final int budgetPixels;
    private final Semaphore budget;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "studio-decoder");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param maxPixels   the most pixels one image may have
     * @param budgetBytes the most memory all decodes at once may take; raised to one image of
     *                    {@code maxPixels} where smaller
     */
    UploadDecoder(long maxPixels, long budgetBytes) {
        this.maxPixels = maxPixels;
        this.budgetPixels = (int) Math.min(Integer.MAX_VALUE, Math.max(maxPixels, budgetBytes / BYTES_PER_PIXEL));
        this.budget = new Semaphore(budgetPixels, true);
    }

    /** A budget of a quarter of the heap, at most 1 GB: what the studio sets aside for reading uploads. */
    static long defaultBudgetBytes() {
        return Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * The image in {@code file}, checked as the run will read it, or a 400 saying what is wrong with
     * it; {@code what} names it in messages ("the photo (content)"), since the file's name is the
     * server's, which the client never chose.
     */
    Image decode(Path file, String what) {
        try {
            return decodeWithin(file, what);
        } catch (ImageException e) {
            if (e.getCause() instanceof OutOfMemoryError) {
                throw new ApiException(503, "the server ran short of memory reading " + what + ": try again in a"
                        + " minute, or send a smaller image");
            }
            throw ApiException.badRequest(e.getMessage().replace(file.toString(), what));
        }
    }

    private Image decodeWithin(Path file, String what) {
        ImageSize size = ImageReader.probe(file);
        long pixels = (long) size.width() * size.height();
        if (pixels > maxPixels) {
            throw ApiException.badRequest(String.format(Locale.ROOT, "%s: the image is %dx%d (%.1f megapixels), more"
                    + " than this server's limit of %.0f megapixels per image: resize it first (a few thousand pixels"
                    + " on the long side are plenty)", what, size.width(), size.height(), pixels / 1e6, maxPixels / 1e6));
        }
        int share = (int) Math.max(1, Math.min(pixels, budgetPixels));
        try {
            if (!budget.tryAcquire(share, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new ApiException(503, "the server is busy reading other uploads: try again in a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is stopping: try again when it is back");
        }
        try {
            Future<Image> decoded = threads.submit(() -> ImageReader.read(file, maxPixels));
            return decoded.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is stopping: try again when it is back");
        } finally {
            budget.release(share);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
