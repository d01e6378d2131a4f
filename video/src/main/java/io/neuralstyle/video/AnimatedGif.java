package io.neuralstyle.video;

import io.neuralstyle.files.AtomicFile;
import io.neuralstyle.image.Image;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * A looping animated GIF, the form a short painted clip is shared in where no video plays (chat,
 * issue trackers, a README); GIF has no sound. Written with the JDK's own GIF encoder, but with one
 * palette for the whole clip ({@link GifPalette}: chosen from every pixel of every frame, written
 * once as the global colour table) and each pixel mapped to its nearest colour, undithered.
 *
 * <p>Why, measured on clips painted by {@code neural-style video} (docs/video.md has the table and
 * the command; {@code GifFlicker} in the tests made it): the JDK's palettes, one per frame, change
 * with every frame's faint differences, so still strokes change colour (a still scene's warping
 * error 2.17e-4 against 0.05e-4 for its PNG frames); one palette gives 0.62e-4, and its colours are
 * nearer the frames' too (mean error 3.7 of 255 against 5.2). A dither adds flicker and, on painted
 * frames, whose brush texture already breaks up bands, little else: an ordered one stays put on the
 * screen when the picture moves (a pan's warping error 6.0 to 16.8e-4 against 5.2e-4) and leaves the
 * blurred colour error (banding) as it was; Floyd-Steinberg lowers that by a quarter but carries each
 * change across the frame, so a still scene crawls (5.6e-4).
 */
final class AnimatedGif {
    private AnimatedGif() {
    }

    static boolean isGif(Path output) {
        Path name = output.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".gif");
    }

    /**
     * Writes {@code frames} (image files of one size, read one at a time, twice: once for the palette,
     * once to write them) as a GIF that loops forever at {@code frameRate}, through a temporary file
     * renamed over {@code output} when complete.
     */
    static void write(List<Path> frames, double frameRate, Path output) {
        write(frames, frameRate, output, GifPalette::map);
    }

    /** As {@link #write(List, double, Path)}, each frame mapped to the palette by {@code mapping}. */
    static void write(List<Path> frames, double frameRate, Path output, BiFunction<GifPalette, Image, byte[]> mapping) {
        GifPalette palette = palette(frames);
        IndexColorModel colours = colourModel(palette);
        Path tmp = ClipWriter.createTemp(output, "gif");
        boolean done = false;
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
                writer.setOutput(out);
                writer.prepareWriteSequence(globalTable(writer, palette));
                Image first = null;
                int index = 0;
                for (Path file : frames) {
                    Image frame = ClipWriter.readFrame(file);
                    if (first == null) {
                        first = frame;
                    }
                    ClipWriter.requireSize(frame, file, first, frames.get(0));
                    BufferedImage image = new BufferedImage(frame.width(), frame.height(),
                            BufferedImage.TYPE_BYTE_INDEXED, colours);
                    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                    System.arraycopy(mapping.apply(palette, frame), 0, pixels, 0, pixels.length);
                    // The frame's table is the global one: the JDK's writer then writes no local table.
                    // (createFromRenderedImage would give TYPE_BYTE_INDEXED's default 6x6x6 cube instead.)
                    IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), null);
                    describe(metadata, delay(index++, frameRate));
                    writer.writeToSequence(new IIOImage(image, null, metadata), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
            AtomicFile.replace(tmp, output);
            done = true;
        } catch (IOException e) {
            throw new VideoException(output + ": could not write the GIF (" + ClipReader.oneLine(e.getMessage())
                    + "); check free disk space and permissions, then try again", e);
        } finally {
            if (!done) {
                ClipWriter.deleteQuietly(tmp);
            }
        }
    }

    /** The clip's palette from every pixel of every frame; frames of another size than the first are refused here. */
    static GifPalette palette(List<Path> frames) {
        GifPalette.Histogram histogram = new GifPalette.Histogram();
        Image first = null;
        for (Path file : frames) {
            Image frame = ClipWriter.readFrame(file);
            if (first == null) {
                first = frame;
            }
            ClipWriter.requireSize(frame, file, first, frames.get(0));
            histogram.add(frame);
        }
        return histogram.palette(GifPalette.MAX_COLOURS);
    }

    /** Stream metadata whose global colour table is the palette (the JDK's default is a fixed 6x6x6 cube). */
    private static IIOMetadata globalTable(ImageWriter writer, GifPalette palette) throws IOException {
        IIOMetadata stream = writer.getDefaultStreamMetadata(null);
        String format = stream.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) stream.getAsTree(format);
        IIOMetadataNode table = child(root, "GlobalColorTable");
        while (table.getLength() > 0) {
            table.removeChild(table.getFirstChild());
        }
        table.setAttribute("sizeOfGlobalColorTable", String.valueOf(GifPalette.MAX_COLOURS));
        table.setAttribute("backgroundColorIndex", "0");
        table.setAttribute("sortFlag", "FALSE");
        byte[][] colours = palette.table();
        for (int i = 0; i < GifPalette.MAX_COLOURS; i++) {
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", String.valueOf(i));
            entry.setAttribute("red", String.valueOf(colours[0][i] & 0xff));
            entry.setAttribute("green", String.valueOf(colours[1][i] & 0xff));
            entry.setAttribute("blue", String.valueOf(colours[2][i] & 0xff));
            table.appendChild(entry);
        }
        stream.setFromTree(format, root);
        return stream;
    }

    private static IndexColorModel colourModel(GifPalette palette) {
        byte[][] table = palette.table();
        return new IndexColorModel(8, GifPalette.MAX_COLOURS, table[0], table[1], table[2]);
    }

    /**
     * Frame {@code index}'s delay in hundredths of a second, the only unit GIF has: the time from its
     * start to the next frame's, each rounded to the unit, so that the delays add up to the clip's
     * length (8 fps, 12.5 cs a frame: 13, 12, 13, 12...) and it plays at its rate on average. At least
     * 2, since browsers play a delay of 0 or 1 as 10.
     */
    static int delay(int index, double frameRate) {
        long start = Math.round(100 * index / frameRate);
        long next = Math.round(100 * (index + 1) / frameRate);
        return (int) Math.max(2, next - start);
    }

    /** The frame's delay and, on every frame, loop forever. */
    private static void describe(IIOMetadata metadata, int delay) throws IOException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("transparentColorIndex", "0");
        control.setAttribute("delayTime", String.valueOf(delay));
        IIOMetadataNode application = new IIOMetadataNode("ApplicationExtension");
        application.setAttribute("applicationID", "NETSCAPE");
        application.setAttribute("authenticationCode", "2.0");
        application.setUserObject(new byte[] {1, 0, 0});
        child(root, "ApplicationExtensions").appendChild(application);
        metadata.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
