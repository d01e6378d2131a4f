package io.neuralstyle.web;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Decodes uploaded images on two threads of its own under a memory budget. Checking an upload needs
 * every byte decoded but not every pixel kept: each image is read reduced to the size the studio
 * shows it at ({@link ImageReader#readReduced}). A submission's images are counted from their
 * headers, and the pixels they will keep taken from the budget at once, before a byte is decoded;
 * they are given back when the submission has been checked and its images dropped. So a flood of
 * small files that decode to gigabytes each (PNG bombs) takes little memory and waits its turn, and
 * no submission can wait for itself.
 */
final class UploadDecoder implements AutoCloseable {
    /**
     * The peak memory of a pixel kept: the decoder's image (up to 8 bytes for 16-bit RGBA), the float
     * RGB copy (12) and, for a turned JPEG, its upright copy (12), less what is rarely at once.
     */
    static final int BYTES_PER_PIXEL = 24;
    /** How long a submission waits for its share of the budget before the client is asked to try again. */
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
     * @param budgetBytes the most memory the decoded images of all submissions being checked may take
     */
    UploadDecoder(long maxPixels, long budgetBytes) {
        this.maxPixels = maxPixels;
        this.budgetPixels = (int) Math.min(Integer.MAX_VALUE, Math.max(maxPixels, budgetBytes / BYTES_PER_PIXEL));
        this.budget = new Semaphore(budgetPixels, true);
    }

    /** The studio's budget: an eighth of the heap, at most 512 MB. */
    static long defaultBudgetBytes() {
        return Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    /** The most pixels one submission's images may have together. */
    long budgetPixels() {
        return budgetPixels;
    }

    /**
     * Takes the budget for the images in {@code files}, named for messages by {@code names} ("the
     * photo (content)": the files' own names are the server's, which the client never chose), or
     * refuses them with what is wrong: damaged, too large, or the server too busy.
     */
    Lease lease(List<Path> files, List<String> names, List<Integer> longestSides) {
        long total = 0;
        List<ImageSize> sizes = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            ImageSize size = readable(file, names.get(i), () -> ImageReader.probe(file));
            sizes.add(size);
            long pixels = (long) size.width() * size.height();
            if (pixels > maxPixels) {
                throw ApiException.badRequest(String.format(Locale.ROOT, "%s: the image is %dx%d (%.1f megapixels),"
                        + " more than this server's limit of %.0f megapixels per image: resize it first (a few thousand"
                        + " pixels on the long side are plenty)", names.get(i), size.width(), size.height(),
                        pixels / 1e6, maxPixels / 1e6));
            }
            total += ImageReader.reducedPixels(size, longestSides.get(i));
        }
        if (total > budgetPixels) {
            throw ApiException.badRequest(String.format(Locale.ROOT, "the images would take %.0f megapixels at the"
                    + " sizes asked, more than this server's limit of %.0f megapixels for one job: ask for a smaller"
                    + " size, or send fewer images", total / 1e6, budgetPixels / 1e6));
        }
        int share = (int) Math.max(1, total);
        try {
            if (!budget.tryAcquire(share, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new ApiException(503, "the server is busy reading other uploads: try again in a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is stopping: try again when it is back");
        }
        return new Lease(files, names, longestSides, sizes, share);
    }

    /** One submission's share of the budget: its images, decoded; closing it gives the share back. */
    final class Lease implements AutoCloseable {
        private final List<Path> files;
        private final List<String> names;
        private final List<Integer> longestSides;
        private final List<ImageSize> sizes;
        private int share;

        private Lease(List<Path> files, List<String> names, List<Integer> longestSides, List<ImageSize> sizes,
                int share) {
            this.files = files;
            this.names = names;
            this.longestSides = longestSides;
            this.sizes = sizes;
            this.share = share;
        }

        /** The images' full, upright sizes, from their headers. */
        List<ImageSize> sizes() {
            return sizes;
        }

        /** Every image, in the order given, every byte decoded, reduced to at least its longest side asked. */
        List<Image> decodeAll() {
            List<Image> images = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                int side = longestSides.get(i);
                images.add(readable(file, names.get(i), () -> onDecoderThread(file, side)));
            }
            return images;
        }

        @Override
        public void close() {
            budget.release(share);
            share = 0;
        }
    }

    private Image onDecoderThread(Path file, int longestSide) {
        try {
            Future<Image> decoded = threads.submit(() -> ImageReader.readReduced(file, maxPixels, longestSide));
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
        }
    }

    /** What {@code read} gives, with the reader's refusal as a 400 naming the image as the client knows it. */
    private static <T> T readable(Path file, String name, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (ImageException e) {
            if (e.getCause() instanceof OutOfMemoryError) {
                throw new ApiException(503, "the server ran short of memory reading " + name + ": try again in a"
                        + " minute, or send a smaller image");
            }
            throw ApiException.badRequest(e.getMessage().replace(file.toString(), name));
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
