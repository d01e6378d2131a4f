package io.neuralstyle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parity fixture written by {@code tools/reference/parity_reference.py}: seeded inputs, the
 * settings they were run with, and float64 reference results (losses, feature samples, gradient)
 * from an independent PyTorch implementation.
 *
 * <p>{@code /parity/NAME.json} describes everything; {@code /parity/NAME.bin} holds little-endian
 * float32/int32 arrays at the byte offsets the JSON gives. Arrays: {@code content}, {@code style},
 * {@code generated} (CHW images in [0, 1]), {@code gradient} (d total / d generated, CHW) and, per
 * conv layer, {@code LAYER/indices} and {@code LAYER/values}.
 */
public final class ParityFixture {

    /**
     * Samples of the generated image's feature tensor at one layer.
     *
     * @param shape   {channels, height, width}
     * @param norm    L2 norm of the whole tensor
     * @param sum     sum of the whole tensor
     * @param indices flat CHW indices of the sampled elements (ascending, distinct)
     * @param values  the sampled elements, float32 of the float64 reference
     */
    public record FeatureSample(int[] shape, double norm, double sum, int[] indices, float[] values) {
    }

    private record ArrayInfo(String dtype, int[] shape, int offset, int length) {
    }

    private final String name;
    private final JsonNode json;
    private final ByteBuffer bin;
    private final Map<String, ArrayInfo> arrays;

    private ParityFixture(String name, JsonNode json, byte[] bin) {
        this.name = name;
        this.json = json;
        this.bin = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, ArrayInfo> a = new LinkedHashMap<>();
        for (JsonNode n : json.required("arrays")) {
            ArrayInfo info = new ArrayInfo(n.required("dtype").asText(), ints(n.required("shape")),
                    n.required("offset").asInt(), n.required("length").asInt());
            long bytes = 4L * info.length();
            if (info.offset() < 0 || info.offset() + bytes > bin.length) {
                throw new IllegalStateException(name + ": array " + n.get("name").asText()
                        + " runs past the end of the .bin (" + bin.length + " bytes)");
            }
            a.put(n.required("name").asText(), info);
        }
        this.arrays = Collections.unmodifiableMap(a);
    }

    /** Reads {@code /parity/NAME.json} and {@code /parity/NAME.bin} from the test classpath. */
    public static ParityFixture load(String resourceBaseName) {
        String base = "/parity/" + resourceBaseName;
        try {
            JsonNode json = new ObjectMapper().readTree(resource(base + ".json"));
            return new ParityFixture(resourceBaseName, json, resource(base + ".bin"));
        } catch (IOException e) {
            throw new UncheckedIOException("reading parity fixture " + base, e);
        }
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = ParityFixture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    public String name() {
        return name;
    }

    public String description() {
        return json.path("description").asText();
    }

    /** The command line that wrote the fixture. */
    public String generator() {
        return json.path("generator").asText();
    }

    /** {@code "q8"} (Caffe/Keras preprocessing) or {@code "torch"} (torchvision preprocessing). */
    public String weightsKind() {
        return json.required("weights").asText();
    }

    /** {@code "avg"} or {@code "max"}. */
    public String pooling() {
        return json.required("pooling").asText();
    }

    public List<String> contentLayers() {
        return strings(json.required("content_layers"));
    }

    public double[] contentLayerWeights() {
        return doubles(json.required("content_layer_weights"));
    }

    public List<String> styleLayers() {
        return strings(json.required("style_layers"));
    }

    public double[] styleLayerWeights() {
        return doubles(json.required("style_layer_weights"));
    }

    public double alpha() {
        return json.required("alpha").asDouble();
    }

    public double beta() {
        return json.required("beta").asDouble();
    }

    public double tvWeight() {
        return json.required("tv_weight").asDouble();
    }

    /** Weighted content loss, sum of v_l * Lc_l. */
    public double contentLoss() {
        return losses().required("content").asDouble();
    }

    /** Weighted style loss, sum of w_l * E_l. */
    public double styleLoss() {
        return losses().required("style").asDouble();
    }

    /** Total variation term, before tv_weight. */
    public double tvLoss() {
        return losses().required("tv").asDouble();
    }

    /** alpha * content + beta * style + tvWeight * tv. */
    public double totalLoss() {
        return losses().required("total").asDouble();
    }

    /** Unweighted Lc_l per content layer. */
    public Map<String, Double> contentPerLayer() {
        return doubleMap(losses().required("content_per_layer"));
    }

    /** Unweighted E_l per style layer. */
    public Map<String, Double> stylePerLayer() {
        return doubleMap(losses().required("style_per_layer"));
    }

    private JsonNode losses() {
        return json.required("losses");
    }

    /** Names of the arrays in the .bin, in file order. */
    public List<String> arrayNames() {
        return List.copyOf(arrays.keySet());
    }

    public int[] shape(String arrayName) {
        return info(arrayName).shape().clone();
    }

    public float[] array(String arrayName) {
        ArrayInfo a = info(arrayName);
        if (!a.dtype().equals("float32")) {
            throw new IllegalArgumentException(name + ": array " + arrayName + " is " + a.dtype());
        }
        float[] out = new float[a.length()];
        bin.slice(a.offset(), 4 * a.length()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    public int[] intArray(String arrayName) {
        ArrayInfo a = info(arrayName);
        if (!a.dtype().equals("int32")) {
            throw new IllegalArgumentException(name + ": array " + arrayName + " is " + a.dtype());
        }
        int[] out = new int[a.length()];
        bin.slice(a.offset(), 4 * a.length()).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    private ArrayInfo info(String arrayName) {
        ArrayInfo a = arrays.get(arrayName);
        if (a == null) {
            throw new IllegalArgumentException(name + ": no array " + arrayName + " (have " + arrays.keySet() + ")");
        }
        return a;
    }

    /** Feature samples of the generated image for every conv layer the network has, in network order. */
    public Map<String, FeatureSample> features() {
        Map<String, FeatureSample> out = new LinkedHashMap<>();
        json.required("features").fields().forEachRemaining(e -> {
            JsonNode n = e.getValue();
            out.put(e.getKey(), new FeatureSample(ints(n.required("shape")), n.required("norm").asDouble(),
                    n.required("sum").asDouble(), intArray(n.required("indices").asText()),
                    array(n.required("values").asText())));
        });
        return Collections.unmodifiableMap(out);
    }

    private static int[] ints(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode n) {
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(s -> out.add(s.asText()));
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Double> doubleMap(JsonNode n) {
        Map<String, Double> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
        return Collections.unmodifiableMap(out);
    }
}
