package io.neuralstyle.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralstyle.engine.Losses;
import io.neuralstyle.image.WriteFailure;
import io.neuralstyle.optim.OptimizerState;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A run's state part way through, enough to go on exactly where it was: the stage, the optimizer's
 * state (the image, its gradient, L-BFGS's pairs or Adam's moments), the best image of the stage,
 * the losses so far and the run's fingerprint.
 *
 * <p>On disk: the magic line {@value #MAGIC}, a JSON header of the numbers and the fingerprint, the
 * float arrays little-endian, and a CRC-32C of everything before it. Written atomically (see
 * {@link CheckpointStore}): a run killed while it writes leaves the previous checkpoint.
 *
 * @param fingerprint      what the run depends on
 * @param stage            the stage the optimizer is in (see {@link RunPlan})
 * @param iterationsBefore iterations of the stages before it
 * @param seconds          optimization time so far, all stages
 * @param initial          the loss terms at the run's starting image
 * @param history          the loss terms after each iteration so far, all stages
 * @param stageStartLoss   the loss at the stage's starting image
 * @param bestLoss         the stage's lowest loss so far
 * @param best             the stage's image of lowest loss so far
 * @param optimizer        the optimizer's state in the stage
 */
public record Checkpoint(Fingerprint fingerprint, int stage, int iterationsBefore, double seconds, Losses initial,
        List<Losses> history, double stageStartLoss, double bestLoss, float[] best, OptimizerState optimizer) {
    static final String MAGIC = "neural-style checkpoint 1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Checkpoint {
        history = List.copyOf(history);
    }

    /** The JSON header: everything but the arrays. */
    private record Header(Map<String, String> fingerprint, int stage, int iterationsBefore, double seconds,
            Losses initial, List<Losses> history, double stageStartLoss, double bestLoss, String optimizer, int iteration,
            long evaluations, double loss, double[] numbers, int arrays, int length) {
    }

    /** Writes this checkpoint to a local {@code file}, replacing any there all at once. */
    public void write(Path file) {
        write(CheckpointStore.file(file));
    }

    /** Writes this checkpoint to {@code store}, replacing any there all at once. */
    public void write(CheckpointStore store) {
        try {
            store.write(this::writeTo);
        } catch (IOException e) {
            throw new TransferException("could not write the checkpoint " + store.name() + ": " + WriteFailure.reason(e)
                    + "; " + WriteFailure.advice(e) + ", or turn checkpoints off", e);
        }
    }

    private void writeTo(OutputStream raw) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32C());
        DataOutputStream out = new DataOutputStream(checked);
        Header h = new Header(fingerprint.values(), stage, iterationsBefore, seconds, initial, history, stageStartLoss,
                bestLoss,
                optimizer.optimizer(), optimizer.iteration(), optimizer.evaluations(), optimizer.loss(),
                optimizer.numbers(), 3 + optimizer.arrays().size(), best.length);
        out.write((MAGIC + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] header = JSON.writeValueAsBytes(h);
        out.writeInt(header.length);
        out.write(header);
        writeFloats(out, optimizer.x());
        writeFloats(out, optimizer.gradient());
        writeFloats(out, best);
        for (float[] a : optimizer.arrays()) {
            writeFloats(out, a);
        }
        out.flush();
        long crc = checked.getChecksum().getValue();
        out.writeLong(crc);
        out.flush();
    }

    /**
     * Reads a checkpoint that {@link #write} wrote.
     *
     * @throws TransferException when the file is not a whole checkpoint of this version
     */
    public static Checkpoint read(Path file) {
        try {
            return read(Files.newInputStream(file), file.toString());
        } catch (IOException e) {
            throw unreadable(file.toString(), e.getMessage());
        }
    }

    /**
     * Reads a checkpoint that {@link #write} wrote from {@code stream}, which it closes.
     *
     * @param file the checkpoint as messages name it
     * @throws TransferException when the stream does not hold a whole checkpoint of this version
     */
    static Checkpoint read(InputStream stream, String file) {
        try (InputStream raw = new BufferedInputStream(stream, 1 << 16)) {
            CheckedInputStream checked = new CheckedInputStream(raw, new CRC32C());
            DataInputStream in = new DataInputStream(checked);
            byte[] magic = new byte[MAGIC.length() + 1];
            in.readFully(magic);
            if (!new String(magic, StandardCharsets.UTF_8).equals(MAGIC + "\n")) {
                throw unreadable(file, "it is not a checkpoint of this version");
            }
            int headerLength = in.readInt();
            if (headerLength <= 0 || headerLength > 64 << 20) {
                throw unreadable(file, "its header is damaged");
            }
            byte[] headerBytes = new byte[headerLength];
            in.readFully(headerBytes);
            Header h = JSON.readValue(headerBytes, Header.class);
            if (h.arrays() < 3 || h.length() <= 0) {
                throw unreadable(file, "its header is damaged");
            }
            List<float[]> arrays = new ArrayList<>();
            for (int i = 0; i < h.arrays(); i++) {
                arrays.add(readFloats(in, h.length()));
            }
            long expected = checked.getChecksum().getValue();
            if (in.readLong() != expected) {
                throw unreadable(file, "its checksum does not match");
            }
            OptimizerState state = new OptimizerState(h.optimizer(), h.iteration(), h.evaluations(), h.loss(),
                    arrays.get(0), arrays.get(1), arrays.subList(3, arrays.size()), h.numbers());
            return new Checkpoint(new Fingerprint(h.fingerprint()), h.stage(), h.iterationsBefore(), h.seconds(),
                    h.initial(), h.history(), h.stageStartLoss(), h.bestLoss(), arrays.get(2), state);
        } catch (EOFException e) {
            throw unreadable(file, "it is cut short");
        } catch (IOException e) {
            throw unreadable(file, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw unreadable(file, "its contents do not fit together");
        }
    }

    private static TransferException unreadable(String file, String why) {
        return new TransferException("the checkpoint " + file + " cannot be read: " + why
                + "; delete it to start the run over");
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; ) {
            int n = Math.min(values.length - i, b.capacity() / 4);
            b.clear();
            b.asFloatBuffer().put(values, i, n);
            out.write(b.array(), 0, 4 * n);
            i += n;
        }
    }

    private static float[] readFloats(DataInputStream in, int length) throws IOException {
        float[] values = new float[length];
        byte[] bytes = new byte[1 << 20];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; ) {
            int n = Math.min(length - i, bytes.length / 4);
            in.readFully(bytes, 0, 4 * n);
            b.clear();
            b.asFloatBuffer().get(values, i, n);
            i += n;
        }
        return values;
    }
}
