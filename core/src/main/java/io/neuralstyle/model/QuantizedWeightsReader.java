package io.neuralstyle.model;

import io.neuralstyle.files.ErrorText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the 8-bit quantized Keras/Caffe VGG19 of ../shared/models/vgg19-q8: a folder with a
 * {@code manifest.json} and one file per tensor. The manifest's {@code weights} object maps
 * {@code conv1_1/kernel}, {@code conv1_1/bias}, ... to
 * {@code {"filename", "size", "dtype": "float32", "quantization": {"dtype": "uint8", "scale",
 * "min_value"}, "shape", "checksum" (md5 hex of the file)}}; a value is
 * {@code unsigned byte * scale + min_value}. Kernels are stored H x W x In x Out, which is
 * {@link Weights}' layout already. Unquantized float32 tensors (little-endian, no
 * {@code quantization}) are read as well. All 16 layers are required; the weights expect
 * {@link Preprocessing#CAFFE} input.
 */
public final class QuantizedWeightsReader {

    public static final String MANIFEST = "manifest.json";

    private static final String HINT = "check the file or pass another with --weights";

    private QuantizedWeightsReader() {
    }

    /**
     * Reads and checks (size, shape, md5) all 16 layers.
     *
     * @param dir the folder holding manifest.json
     * @throws WeightsException one line naming the file and tensor at fault
     */
    public static Weights read(Path dir) {
        return read(dir, HINT);
    }

    /**
     * {@link #read(Path)}, with {@code hint} (what the user should do) ending every error message
     * in place of the default advice to check the file or pass another.
     */
    public static Weights read(Path dir, String hint) {
        Path manifestFile = dir.resolve(MANIFEST);
        JsonNode manifest;
        try {
            manifest = new ObjectMapper().readTree(manifestFile.toFile());
        } catch (IOException e) {
            if (!Files.exists(manifestFile)) {
                throw new WeightsException(manifestFile + ": no such file, " + dir
                        + " is not a quantized weights folder; " + hint, e);
            }
            throw new WeightsException(manifestFile + ": not valid JSON (" + ErrorText.oneLine(e.getMessage()) + "); " + hint, e);
        }
        JsonNode entries = manifest.path("weights");
        if (!entries.isObject()) {
            throw new WeightsException(manifestFile + ": no \"weights\" object; " + hint);
        }
        MessageDigest md5 = md5();
        Map<String, float[]> kernels = new LinkedHashMap<>();
        Map<String, float[]> biases = new LinkedHashMap<>();
        for (String layer : Vgg19.LAYERS) {
            int in = Vgg19.inChannels(layer);
            int out = Vgg19.outChannels(layer);
            kernels.put(layer, tensor(dir, manifestFile, entries, layer + "/kernel", new int[] {3, 3, in, out}, md5, hint));
            biases.put(layer, tensor(dir, manifestFile, entries, layer + "/bias", new int[] {out}, md5, hint));
        }
        return new Weights(kernels, biases, Preprocessing.CAFFE, dir.toString());
    }

    private static float[] tensor(Path dir, Path manifestFile, JsonNode entries, String name, int[] shape,
            MessageDigest md5, String hint) {
        JsonNode e = entries.get(name);
        if (e == null || !e.isObject()) {
            throw new WeightsException(manifestFile + ": tensor " + name + " is missing from the manifest; " + hint);
        }
        String filename = e.path("filename").asText("");
        if (filename.isEmpty() || filename.contains("/") || filename.contains("\\") || filename.equals("..")) {
            throw new WeightsException(manifestFile + ": tensor " + name + " has no valid filename; " + hint);
        }
        Path file = dir.resolve(filename);
        String where = file + " (tensor " + name + ")";

        JsonNode shapeNode = e.path("shape");
        int[] got = new int[shapeNode.size()];
        for (int i = 0; i < got.length; i++) {
            got[i] = shapeNode.get(i).asInt(-1);
        }
        if (!Arrays.equals(got, shape)) {
            throw new WeightsException(where + ": manifest shape " + Arrays.toString(got) + ", VGG19 needs "
                    + Arrays.toString(shape) + "; " + hint);
        }
        int numel = 1;
        for (int d : shape) {
            numel *= d;
        }
        JsonNode q = e.path("quantization");
        boolean quantized = q.isObject();
        if (quantized && !q.path("dtype").asText().equals("uint8")) {
            throw new WeightsException(where + ": quantization dtype " + q.path("dtype").asText()
                    + " is not supported (only uint8); " + hint);
        }
        if (!quantized && !e.path("dtype").asText("float32").equals("float32")) {
            throw new WeightsException(where + ": dtype " + e.path("dtype").asText() + " is not supported; " + hint);
        }
        long expectedBytes = (long) numel * (quantized ? 1 : 4);

        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException ex) {
            throw new WeightsException(where + ": no such file; " + hint, ex);
        } catch (IOException ex) {
            throw new WeightsException(where + ": cannot read (" + ErrorText.oneLine(ex.getMessage()) + "); " + hint, ex);
        }
        if (bytes.length != expectedBytes) {
            throw new WeightsException(where + ": has " + bytes.length + " bytes, expected " + expectedBytes
                    + (bytes.length < expectedBytes ? " (truncated)" : "") + "; " + hint);
        }
        if (e.has("size") && e.get("size").asLong() != expectedBytes && e.get("size").asLong() != numel) {
            throw new WeightsException(where + ": manifest size " + e.get("size").asLong() + " does not match shape "
                    + Arrays.toString(shape) + "; " + hint);
        }
        String checksum = e.path("checksum").asText("");
        if (!checksum.isEmpty()) {
            md5.reset();
            String actual = HexFormat.of().formatHex(md5.digest(bytes));
            if (!actual.equalsIgnoreCase(checksum)) {
                throw new WeightsException(where + ": md5 " + actual + " does not match the manifest's " + checksum
                        + " (damaged file); " + hint);
            }
        }
        float[] values = new float[numel];
        if (quantized) {
            double scale = q.path("scale").asDouble(Double.NaN);
            double min = q.path("min_value").asDouble(Double.NaN);
            if (!Double.isFinite(scale) || !Double.isFinite(min)) {
                throw new WeightsException(where + ": quantization needs numeric scale and min_value; " + hint);
            }
            for (int i = 0; i < numel; i++) {
                values[i] = (float) ((bytes[i] & 0xff) * scale + min);
            }
        } else {
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        }
        return values;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

}
