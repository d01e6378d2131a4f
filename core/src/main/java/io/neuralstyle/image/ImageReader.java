package io.neuralstyle.image;

import io.neuralstyle.files.ErrorText;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the images users hand us (JPEG, PNG, BMP, GIF) into an upright RGB {@link Image}, and refuses
 * anything it cannot read faithfully with a one-line message saying what to do.
 */
public final class ImageReader {
    /** 100 megapixels: well above any photo, while its float copy (1.2 GB) still fits in memory. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** No side may exceed this, whatever the pixel limit: such strips are almost always a bad header. */
    public static final int MAX_SIDE = 30_000;

    private ImageReader() {
    }

    /** Reads {@code file}, refusing images over {@link #DEFAULT_MAX_PIXELS}. */
    public static Image read(Path file) {
        return read(file, DEFAULT_MAX_PIXELS);
    }

    /**
     * Reads {@code file}: the first frame of a GIF, JPEGs turned upright per their EXIF orientation,
     * transparency composited onto white. The size is checked from the header before any pixel is
     * decoded, so an absurd or malicious header cannot exhaust memory.
     *
     * @throws ImageException when the file is missing, unreadable, not a supported format, damaged,
     *                        or larger than {@code maxPixels} or {@link #MAX_SIDE}
     */
    public static Image read(Path file, long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        return decode(file, formatOf(file), maxPixels, 1);
    }

    /**
     * Reads {@code file} as {@link #read(Path, long)} does, every byte decoded and checked, but keeps
     * only every k-th pixel of every k-th row, the largest k that leaves at least {@code longestSide}
     * pixels on the long side: what a server needs to check an upload and show it small, in a
     * fraction of the memory (see {@link #reducedPixels}).
     */
    public static Image readReduced(Path file, long maxPixels, int longestSide) {
        if (maxPixels <= 0 || longestSide <= 0) {
            throw new IllegalArgumentException("maxPixels and longestSide must be positive, got " + maxPixels + ", "
                    + longestSide);
        }
        ImageFormat format = formatOf(file);
        ImageSize size = probe(file);
        return decode(file, format, maxPixels, subsampling(size, longestSide));
    }

    /** The pixels {@link #readReduced} keeps of an image of {@code size}. */
    public static long reducedPixels(ImageSize size, int longestSide) {
        int k = subsampling(size, longestSide);
        return (long) ((size.width() + k - 1) / k) * ((size.height() + k - 1) / k);
    }

    private static int subsampling(ImageSize size, int longestSide) {
        return Math.max(1, Math.max(size.width(), size.height()) / longestSide);
    }

    /** The upright size of the image, from its header alone: cheap even for huge files. */
    public static ImageSize probe(Path file) {
        ImageFormat format = formatOf(file);
        javax.imageio.ImageReader reader = readerFor(format);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            ImageSize stored = new ImageSize(reader.getWidth(0), reader.getHeight(0));
            if (format == ImageFormat.JPEG && Orientation.ofJpeg(file).swapsSides()) {
                return new ImageSize(stored.height(), stored.width());
            }
            return stored;
        } catch (IIOException | RuntimeException e) {
            throw damaged(file, format, detail(e), e);
        } catch (IOException e) {
            throw FileChecks.cannotRead(file, e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageFormat formatOf(Path file) {
        FileChecks.requireReadableFile(file);
        byte[] head = FileChecks.head(file, ImageFormat.HEAD_BYTES);
        return ImageFormat.sniff(head).orElseThrow(() -> new ImageException(file + ": not a JPEG, PNG, BMP or GIF image"
                + ImageFormat.guessUnsupported(head).map(f -> " (it looks like " + f + ")").orElse("")
                + "; convert it to PNG or JPEG"));
    }

    private static Image decode(Path file, ImageFormat format, long maxPixels, int subsampling) {
        javax.imageio.ImageReader reader = readerFor(format);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, message) -> warnings.add(message));
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkSize(file, width, height, maxPixels);
            if (!reader.getImageTypes(0).hasNext()) {
                throw new ImageException(file + ": the " + format.displayName()
                        + " uses a color format that cannot be read; convert it to an RGB PNG or JPEG");
            }
            javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            BufferedImage decoded = reader.read(0, param);
            // Decoders paint what they could and only warn when the data runs out or is corrupt
            // ("Premature end of JPEG file"); a half-grey photo must not pass silently.
            for (String warning : warnings) {
                if (!harmless(warning)) {
                    throw damaged(file, format, " (" + ErrorText.oneLine(warning) + ")", null);
                }
            }
            Image image = Images.fromBufferedImage(decoded);
            return format == ImageFormat.JPEG ? Orientation.ofJpeg(file).apply(image) : image;
        } catch (ImageException e) {
            throw e;
        } catch (IIOException e) {
            throw damaged(file, format, detail(e), e);
        } catch (EOFException e) {
            // Some decoders (BMP) just run off the end of a truncated file.
            throw damaged(file, format, "", e);
        } catch (IOException e) {
            throw FileChecks.cannotRead(file, e);
        } catch (OutOfMemoryError e) {
            throw new ImageException(file + ": not enough memory to load this image; resize it to fewer pixels or give "
                    + "Java more memory (for example -Xmx8g)", e);
        } catch (RuntimeException e) {
            // Decoders fed malformed data fail in all sorts of ways (index out of bounds, negative sizes).
            throw damaged(file, format, "", e);
        } finally {
            reader.dispose();
        }
    }

    private static void checkSize(Path file, int width, int height, long maxPixels) {
        if (width <= 0 || height <= 0) {
            throw new ImageException(file + ": the header gives an impossible size of " + width + "x" + height
                    + "; the file is damaged, export or download the image again");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageException(file + ": the image is " + width + "x" + height + " (" + amount(pixels)
                    + "), more than the limit of " + amount(maxPixels) + "; resize it to a smaller image first");
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new ImageException(file + ": the image is " + width + "x" + height + ", longer than " + MAX_SIDE
                    + " pixels on a side; resize it to a smaller image first");
        }
    }

    /** "2500 megapixels", "12.3 megapixels" or, for small limits set by callers, "5000 pixels". */
    private static String amount(long pixels) {
        if (pixels < 1_000_000) {
            return pixels + " pixels";
        }
        String mp = String.format(Locale.ROOT, "%.1f", pixels / 1e6);
        return (mp.endsWith(".0") ? mp.substring(0, mp.length() - 2) : mp) + " megapixels";
    }

    /** Warnings that do not mean lost pixels, so refusing the image over them would only annoy. */
    private static boolean harmless(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("extraneous bytes") // stray padding between JPEG segments
                || w.contains("color profile"); // an invalid ICC profile is ignored and sRGB assumed
    }

    private static javax.imageio.ImageReader readerFor(ImageFormat format) {
        Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("this Java runtime has no ImageIO reader for " + format.displayName());
        }
        return readers.next();
    }

    private static ImageException damaged(Path file, ImageFormat format, String detail, Throwable cause) {
        return new ImageException(file + ": the " + format.displayName() + " data is damaged, incomplete or of an"
                + " unsupported kind" + detail + "; export or download the image again, or re-save it as PNG", cause);
    }

    /** The codec's own description, e.g. " (Unsupported JPEG process: SOF type 0xc3)"; its words are meant for people. */
    private static String detail(Exception e) {
        String message = e instanceof IIOException ? e.getMessage() : null;
        return message == null || message.isBlank() ? "" : " (" + ErrorText.oneLine(message) + ")";
    }
}
