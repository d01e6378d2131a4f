package io.neuralstyle.model;

import io.neuralstyle.files.AtomicFile;
import io.neuralstyle.files.ErrorText;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Our own features-only weights file, the model cache: what a run needs from a 548 MB torchvision
 * download in 80 MB, read in a fraction of a second.
 *
 * <p>Layout, all little-endian:
 * <pre>
 *  offset  size  field
 *       0     8  magic "NSVGG19" 0x1A
 *       8     4  format version, 1
 *      12     4  depth: layers held, conv1_1 onwards, 1..16
 *      16     4  flags: bit 0 set when the network takes BGR
 *      20     4  float32 input scale
 *      24    12  float32 mean[3]
 *      36    12  float32 std[3]
 *      48     8  payload length in bytes
 *      56     4  CRC-32 of the whole file except these 4 bytes
 *      60     4  origin length n
 *      64     n  origin, UTF-8: where the weights came from
 *    64+n        payload: per layer, in order, the HWIO kernel (9 * in * out float32), then the
 *                bias (out float32)
 * </pre>
 * Files are written to a temporary file beside the target and moved into place atomically, so a
 * reader never sees a half-written file and two writers do not corrupt each other.
 */
public final class FeatureWeightsFile {

    /** The first 8 bytes of every such file. */
    public static final byte[] MAGIC = {'N', 'S', 'V', 'G', 'G', '1', '9', 0x1A};
    public static final int VERSION = 1;

    private static final int FIXED_HEADER = 64;
    private static final int CRC_OFFSET = 56;
    private static final int CHUNK = 1 << 20;
    private static final String HINT = "check the file or pass another with --weights";

    private FeatureWeightsFile() {
    }

    /** True when {@code head} (the first n bytes of a file) starts with {@link #MAGIC}. */
    public static boolean hasMagic(byte[] head, int n) {
        return n >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * Writes all layers of {@code weights} to {@code file} (parent folders created), atomically:
     * the file is either the old one or the complete new one, never a part.
     *
     * @throws WeightsException when the file cannot be written
     */
    public static void write(Weights weights, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // Written at offsets (the checksum last), so through a channel on AtomicFile's temporary file.
            tmp = AtomicFile.createTemp(file, "tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                writeTo(ch, weights);
            }
            AtomicFile.replace(tmp, file);
            tmp = null;
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot write the weights file ("
                    + ErrorText.oneLine(e.getMessage()) + "); check the folder's permissions and free space", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray .tmp file is harmless
                }
            }
        }
    }

    private static void writeTo(FileChannel ch, Weights w) throws IOException {
        byte[] origin = w.source().getBytes(StandardCharsets.UTF_8);
        Preprocessing p = w.preprocessing();
        ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER + origin.length).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(VERSION).putInt(w.depth()).putInt(p.bgr() ? 1 : 0).putFloat(p.scale());
        for (float m : p.mean()) {
            header.putFloat(m);
        }
        for (float s : p.std()) {
            header.putFloat(s);
        }
        header.putLong(payloadBytes(w.depth())).putInt(0).putInt(origin.length).put(origin);
        header.flip();
        CRC32 crc = new CRC32();
        updateSkippingCrc(crc, header);
        writeFully(ch, header, 0);

        long pos = header.limit();
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int l = 0; l < w.depth(); l++) {
            String layer = Vgg19.LAYERS.get(l);
            for (float[] a : new float[][] {w.kernel(layer), w.bias(layer)}) {
                for (int off = 0; off < a.length; ) {
                    int n = Math.min(a.length - off, CHUNK / 4);
                    buf.clear();
                    buf.asFloatBuffer().put(a, off, n);
                    buf.limit(n * 4);
                    crc.update(buf.duplicate());
                    pos += writeFully(ch, buf, pos);
                    off += n;
                }
            }
        }
        ByteBuffer value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) crc.getValue());
        writeFully(ch, value, CRC_OFFSET);
    }

    private static void updateSkippingCrc(CRC32 crc, ByteBuffer header) {
        ByteBuffer b = header.duplicate();
        b.limit(CRC_OFFSET);
        crc.update(b);
        b = header.duplicate();
        b.position(CRC_OFFSET + 4);
        crc.update(b);
    }

    private static int writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            total += ch.write(b, pos + total);
        }
        return total;
    }

    /** Bytes of the payload for the first {@code depth} layers. */
    static long payloadBytes(int depth) {
        long floats = 0;
        for (int l = 0; l < depth; l++) {
            String layer = Vgg19.LAYERS.get(l);
            floats += 9L * Vgg19.inChannels(layer) * Vgg19.outChannels(layer) + Vgg19.outChannels(layer);
        }
        return floats * 4;
    }

    /**
     * Reads a file written by {@link #write}, checking its header and CRC.
     *
     * @throws WeightsException one line naming the file (and the layer, where one is at fault)
     */
    public static Weights read(Path file) {
        return read(file, HINT);
    }

    /** As {@link #read(Path)}, with {@code hint} (what the user should do) ending error messages. */
    static Weights read(Path file, String hint) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer fixed = ByteBuffer.allocate(FIXED_HEADER).order(ByteOrder.LITTLE_ENDIAN);
            if (size < FIXED_HEADER || readFully(ch, fixed, 0) < FIXED_HEADER) {
                throw bad(file, "too short for a weights file (" + size + " bytes)", hint);
            }
            fixed.flip();
            byte[] magic = new byte[MAGIC.length];
            fixed.get(magic);
            if (!hasMagic(magic, magic.length)) {
                throw bad(file, "not a neural-style weights file (wrong magic bytes)", hint);
            }
            int version = fixed.getInt();
            if (version != VERSION) {
                throw bad(file, "format version " + version + ", this program reads version " + VERSION, hint);
            }
            int depth = fixed.getInt();
            int flags = fixed.getInt();
            float scale = fixed.getFloat();
            float[] mean = {fixed.getFloat(), fixed.getFloat(), fixed.getFloat()};
            float[] std = {fixed.getFloat(), fixed.getFloat(), fixed.getFloat()};
            long payload = fixed.getLong();
            int storedCrc = fixed.getInt();
            int originLength = fixed.getInt();
            if (depth < 1 || depth > Vgg19.LAYERS.size() || originLength < 0 || originLength > 1 << 16
                    || payload != payloadBytes(depth) || (flags & ~1) != 0) {
                throw bad(file, "damaged header", hint);
            }
            if (size != FIXED_HEADER + originLength + payload) {
                throw bad(file, "has " + size + " bytes, its header says " + (FIXED_HEADER + originLength + payload)
                        + (size < FIXED_HEADER + originLength + payload ? " (truncated)" : ""), hint);
            }
            ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER + originLength);
            readFully(ch, header, 0);
            header.flip();
            CRC32 crc = new CRC32();
            updateSkippingCrc(crc, header);
            String origin = new String(header.array(), FIXED_HEADER, originLength, StandardCharsets.UTF_8);

            Map<String, float[]> kernels = new LinkedHashMap<>();
            Map<String, float[]> biases = new LinkedHashMap<>();
            long pos = FIXED_HEADER + originLength;
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int l = 0; l < depth; l++) {
                String layer = Vgg19.LAYERS.get(l);
                int in = Vgg19.inChannels(layer);
                int out = Vgg19.outChannels(layer);
                float[] kernel = new float[9 * in * out];
                float[] bias = new float[out];
                for (float[] a : new float[][] {kernel, bias}) {
                    for (int off = 0; off < a.length; ) {
                        int n = Math.min(a.length - off, CHUNK / 4);
                        buf.clear();
                        buf.limit(n * 4);
                        if (readFully(ch, buf, pos) < n * 4) {
                            throw bad(file, "layer " + layer + " ends early (truncated)", hint);
                        }
                        buf.flip();
                        crc.update(buf.duplicate());
                        buf.asFloatBuffer().get(a, off, n);
                        pos += n * 4L;
                        off += n;
                    }
                }
                kernels.put(layer, kernel);
                biases.put(layer, bias);
            }
            if ((int) crc.getValue() != storedCrc) {
                throw bad(file, "CRC-32 mismatch, the file is damaged", hint);
            }
            String source = origin.isEmpty() || origin.equals(file.toString()) ? file.toString()
                    : file + " (from " + origin + ")";
            return new Weights(kernels, biases, new Preprocessing((flags & 1) != 0, scale, mean, std), source);
        } catch (NoSuchFileException e) {
            throw bad(file, "no such file", hint);
        } catch (EOFException e) {
            throw bad(file, "ends early (truncated)", hint);
        } catch (IOException e) {
            throw bad(file, "cannot read (" + ErrorText.oneLine(e.getMessage()) + ")", hint);
        }
    }

    private static WeightsException bad(Path file, String what, String hint) {
        return new WeightsException(file + ": " + what + "; " + hint);
    }

    private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
