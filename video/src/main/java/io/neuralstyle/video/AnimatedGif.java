package io.neuralstyle.video;

import io.neuralstyle.files.AtomicFile;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * A looping animated GIF, the form a short painted clip is shared in where no video plays (chat,
 * issue trackers, a README). Written with the JDK's own GIF encoder, which gives each frame its own
 * 256-color palette; GIF has no sound.
 */
final class AnimatedGif {
    private AnimatedGif() {
    }

    static boolean isGif(Path output) {
        Path name = output.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".gif");
    }

    /**
     * Writes {@code frames} (image files of one size, read one at a time) as a GIF that loops forever
     * at {@code frameRate}, through a temporary file renamed over {@code output} when complete.
     */
    static void write(List<Path> frames, double frameRate, Path output) {
        Path tmp = ClipWriter.createTemp(output, "gif");
        boolean done = false;
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                Image first = null;
                int index = 0;
                for (Path file : frames) {
                    Image frame = ClipWriter.readFrame(file);
                    if (first == null) {
                        first = frame;
                    }
                    ClipWriter.requireSize(frame, file, first, frames.get(0));
                    BufferedImage image = Images.toBufferedImage(frame);
                    IIOMetadata metadata = writer.getDefaultImageMetadata(
                            ImageTypeSpecifier.createFromRenderedImage(image), null);
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
