package io.neuralstyle.image;

import io.neuralstyle.files.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;

/**
 * Writes results as 8-bit RGB PNGs carrying text chunks (the settings that produced them, so a result
 * documents itself and can be re-run), and reads those chunks back.
 */
public final class ImageWriter {
    private static final String PNG_FORMAT = "javax_imageio_png_1.0";

    private ImageWriter() {
    }

    /**
     * Writes {@code image} to {@code file} as PNG, values clamped to [0, 1] and rounded to 8 bits, with
     * each entry of {@code text} as a UTF-8 iTXt chunk (in the map's iteration order). The file is
     * replaced atomically: readers see the old file or the complete new one, never a partial write.
     *
     * @throws IllegalArgumentException if a key is not a valid PNG keyword (1-79 Latin-1 characters,
     *                                  no leading, trailing or double spaces)
     * @throws ImageException           if the file cannot be written
     */
    public static void writePng(Image image, Path file, Map<String, String> text) {
        text.keySet().forEach(ImageWriter::requireKeyword);
        requireWritableTarget(file);
        BufferedImage pixels = Images.toBufferedImage(image);
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(pixels), param);
            metadata.mergeTree(PNG_FORMAT, textTree(text));
            AtomicFile.write(file, out -> {
                // Memory cache, not ImageIO's default file cache: no second temporary file to leak.
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(pixels, null, metadata), param);
                }
            });
        } catch (IIOInvalidTreeException e) {
            throw new IllegalStateException("PNG text metadata rejected: " + e.getMessage(), e);
        } catch (AccessDeniedException e) {
            throw new ImageException(file + ": cannot write here (permission denied); choose a folder you can write to", e);
        } catch (IOException e) {
            throw new ImageException(file + ": could not write the file" + FileChecks.reason(e)
                    + "; check free disk space and permissions, then try again", e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * The text chunks (tEXt, zTXt and iTXt) of a PNG, keyword to text, in file order; the first of
     * repeated keywords wins.
     *
     * @throws ImageException if the file is missing, not a PNG or damaged
     */
    public static Map<String, String> readPngText(Path png) {
        FileChecks.requireReadableFile(png);
        if (ImageFormat.sniff(FileChecks.head(png, ImageFormat.HEAD_BYTES)).orElse(null) != ImageFormat.PNG) {
            throw new ImageException(png + ": not a PNG file; give a PNG image written by neural-style");
        }
        javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        try (ImageInputStream in = new FileImageInputStream(png.toFile())) {
            reader.setInput(in, true, false);
            IIOMetadata metadata = reader.getImageMetadata(0);
            Map<String, String> text = new LinkedHashMap<>();
            Node root = metadata.getAsTree(PNG_FORMAT);
            for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
                String valueAttribute = switch (chunk.getNodeName()) {
                    case "tEXt" -> "value";
                    case "zTXt", "iTXt" -> "text";
                    default -> null;
                };
                if (valueAttribute == null) {
                    continue;
                }
                for (Node entry = chunk.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                    IIOMetadataNode e = (IIOMetadataNode) entry;
                    text.putIfAbsent(e.getAttribute("keyword"), e.getAttribute(valueAttribute));
                }
            }
            return Collections.unmodifiableMap(text);
        } catch (IIOException | RuntimeException e) {
            throw new ImageException(png + ": the PNG data is damaged or incomplete; export or download the image again", e);
        } catch (IOException e) {
            throw FileChecks.cannotRead(png, e);
        } finally {
            reader.dispose();
        }
    }

    private static IIOMetadataNode textTree(Map<String, String> text) {
        IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
        text.forEach((keyword, value) -> {
            IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
            entry.setAttribute("keyword", keyword);
            entry.setAttribute("compressionFlag", "FALSE");
            entry.setAttribute("compressionMethod", "0");
            entry.setAttribute("languageTag", "");
            entry.setAttribute("translatedKeyword", "");
            entry.setAttribute("text", value);
            itxt.appendChild(entry);
        });
        IIOMetadataNode root = new IIOMetadataNode(PNG_FORMAT);
        if (!text.isEmpty()) {
            root.appendChild(itxt);
        }
        return root;
    }

    /** PNG keyword rules (PNG spec 11.3.4.2); tools reject files that break them. */
    private static void requireKeyword(String keyword) {
        boolean valid = !keyword.isEmpty() && keyword.length() <= 79
                && !keyword.startsWith(" ") && !keyword.endsWith(" ") && !keyword.contains("  ")
                && keyword.chars().allMatch(ch -> ch >= 32 && ch <= 126 || ch >= 161 && ch <= 255);
        if (!valid) {
            throw new IllegalArgumentException("not a valid PNG text keyword: \"" + keyword
                    + "\" (1-79 Latin-1 characters, no leading, trailing or double spaces)");
        }
    }

    /** Checks first what would otherwise surface as an obscure failure of the temporary file. */
    private static void requireWritableTarget(Path file) {
        if (file.getFileName() == null) {
            throw new ImageException(file + ": is not a file name; give a path ending in a name such as result.png");
        }
        if (Files.isDirectory(file)) {
            throw new ImageException(file + ": is a folder; give a file name such as " + file.resolve("result.png"));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new ImageException(file + ": the folder " + file.getParent() + " does not exist; create it first");
        }
    }
}
