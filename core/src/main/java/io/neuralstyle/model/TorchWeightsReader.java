package io.neuralstyle.model;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the convolution weights of a torchvision VGG19 {@code state_dict} saved by
 * {@code torch.save}, in Java, with a small pickle reader that never runs code. Both of PyTorch's
 * formats are read: the zip archive of torch 1.6 and later ({@code <name>/data.pkl} and one
 * {@code <name>/data/<key>} entry per storage) and the legacy stream of earlier versions (magic
 * number, protocol version and system info pickles, the state_dict pickle, the list of storage keys,
 * then each storage as an int64 element count and its raw bytes), which is what torchvision's
 * {@code vgg19-dcbb9e9d.pth} uses. Only the feature tensors are read; the classifier's storages
 * (most of that file) are skipped.
 *
 * <p>Keys are {@code features.N.weight} and {@code features.N.bias}, N = 0, 2, 5, 7, 10, 12, 14, 16,
 * 19, 21, 23, 25, 28, 30, 32, 34 for conv1_1 .. conv5_4, with an optional prefix such as
 * {@code module.}; the file may hold only the first layers. A {@code {"state_dict": ...}} wrapper is
 * accepted. Kernels are converted from Out x In x H x W (any strides) to HWIO. The weights expect
 * {@link Preprocessing#TORCHVISION} input.
 */
public final class TorchWeightsReader {

    static final String HINT = "check the file or pass another with --weights";

    /** features.N index of each of the 16 convolutions in torchvision's vgg19. */
    static final int[] FEATURE_INDEX = {0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34};

    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;
    private static final Pattern KEY = Pattern.compile("(.*?)features\\.(\\d+)\\.(weight|bias)");

    private static final Map<String, Integer> ELEMENT_SIZES = Map.ofEntries(
            Map.entry("FloatStorage", 4), Map.entry("DoubleStorage", 8), Map.entry("HalfStorage", 2),
            Map.entry("BFloat16Storage", 2), Map.entry("LongStorage", 8), Map.entry("IntStorage", 4),
            Map.entry("ShortStorage", 2), Map.entry("CharStorage", 1), Map.entry("ByteStorage", 1),
            Map.entry("BoolStorage", 1), Map.entry("ComplexFloatStorage", 8),
            Map.entry("ComplexDoubleStorage", 16), Map.entry("QInt8Storage", 1),
            Map.entry("QUInt8Storage", 1), Map.entry("QInt32Storage", 4));

    /** A storage as a persistent id names it; offset and numel in elements (legacy views). */
    record StorageRef(String key, String type, long offset, long numel) {
    }

    /** A tensor view of a storage, from torch._utils._rebuild_tensor(_v2). */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
        String shape() {
            return Arrays.toString(size);
        }
    }

    private TorchWeightsReader() {
    }

    /**
     * Reads the VGG19 feature weights from a {@code .pth} file in either PyTorch format.
     *
     * @throws WeightsException one line naming the file and, where known, the tensor
     */
    public static Weights read(Path file) {
        return read(file, HINT);
    }

    /** As {@link #read(Path)}, with {@code hint} (what the user should do) ending error messages. */
    static Weights read(Path file, String hint) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        } catch (NoSuchFileException e) {
            throw new WeightsException(file + ": no such file; " + hint, e);
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read (" + e.getMessage() + "); " + hint, e);
        }
        try {
            if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                return new Zip(file, hint).read();
            }
            if (n >= 1 && (head[0] & 0xff) == 0x80) {
                return new Legacy(file, hint).read();
            }
        } catch (EOFException e) {
            throw new WeightsException(file + ": the file ends early (truncated?); " + hint, e);
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read (" + e.getMessage() + "); " + hint, e);
        }
        throw new WeightsException(file + ": not a PyTorch file (neither a zip archive nor a pickle); " + hint);
    }

    /** True when the first bytes look like a torch.save file of either format. */
    static boolean looksLikeTorch(byte[] head, int n) {
        return (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
                || (n >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5);
    }

    // ---------------------------------------------------------------- the pickle side, shared

    private abstract static class Format {
        final Path file;
        final String hint;
        final Map<String, StorageRef> storages = new LinkedHashMap<>();
        final Map<String, String> storageNames = new HashMap<>();

        Format(Path file, String hint) {
            this.file = file;
            this.hint = hint;
        }

        WeightsException error(String what) {
            return new WeightsException(file + ": " + what + "; " + hint);
        }

        Object loadPickle(PickleReader.Input in) throws IOException {
            return new PickleReader(in, file.toString(), this::rebuild, this::persistentLoad).load();
        }

        private Object rebuild(PickleReader.Global g, List<Object> args) {
            if (!g.module().equals("torch._utils")) {
                return null;
            }
            switch (g.name()) {
                case "_rebuild_tensor", "_rebuild_tensor_v2" -> {
                    if (args.size() < 4 || !(args.get(0) instanceof StorageRef s)) {
                        throw error("malformed " + g + " arguments");
                    }
                    return new TensorRef(s, asLong(args.get(1)), longs(args.get(2)), longs(args.get(3)));
                }
                case "_rebuild_parameter", "_rebuild_parameter_with_state" -> {
                    return args.isEmpty() ? null : args.get(0);
                }
                default -> {
                    return null;
                }
            }
        }

        private Object persistentLoad(Object pid) {
            if (!(pid instanceof List<?> t) || t.size() < 5 || !"storage".equals(t.get(0))
                    || !(t.get(1) instanceof PickleReader.Global type)) {
                throw error("unexpected persistent id " + pid);
            }
            String key = String.valueOf(t.get(2));
            long numel = asLong(t.get(4));
            StorageRef root = storages.computeIfAbsent(key, k -> new StorageRef(k, type.name(), 0, numel));
            if (t.size() > 5 && t.get(5) instanceof List<?> view && view.size() == 3) {
                // legacy view_metadata: (view_key, offset, view_size) into the root storage
                return new StorageRef(root.key(), root.type(), asLong(view.get(1)), asLong(view.get(2)));
            }
            return root;
        }

        long asLong(Object o) {
            if (o instanceof Long l) {
                return l;
            }
            throw error("expected an integer, got " + o);
        }

        long[] longs(Object o) {
            if (!(o instanceof List<?> l)) {
                throw error("expected a tuple of integers, got " + o);
            }
            long[] r = new long[l.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = asLong(l.get(i));
            }
            return r;
        }

        /**
         * A tensor as _rebuild_tensor(_v2) gives it, or as the oldest torch versions pickled one: a
         * torch.FloatTensor object whose BUILD state is (storage, offset, size, stride).
         */
        static Object asTensor(Object value) {
            if (value instanceof PickleReader.PyObject p && p.type.name().endsWith("Tensor")
                    && p.state instanceof List<?> st && st.size() >= 4 && st.get(0) instanceof StorageRef s
                    && st.get(1) instanceof Long offset && st.get(2) instanceof List<?> size
                    && st.get(3) instanceof List<?> stride) {
                long[] sz = new long[size.size()];
                long[] sd = new long[stride.size()];
                for (int i = 0; i < sz.length; i++) {
                    sz[i] = size.get(i) instanceof Long l ? l : -1;
                }
                for (int i = 0; i < sd.length; i++) {
                    sd[i] = stride.get(i) instanceof Long l ? l : -1;
                }
                return new TensorRef(s, offset, sz, sd);
            }
            return value;
        }

        /** The state_dict's feature tensors by layer, each layer holding {weight, bias}. */
        Map<String, TensorRef[]> features(Object root) {
            Map<?, ?> dict = stateDict(root);
            Map<String, Map<Integer, TensorRef[]>> byPrefix = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (asTensor(e.getValue()) instanceof TensorRef t) {
                    storageNames.putIfAbsent(t.storage().key(), name);
                }
                Matcher m = KEY.matcher(name);
                if (!m.matches() || !(m.group(1).isEmpty() || m.group(1).endsWith("."))) {
                    continue;
                }
                if (!(asTensor(e.getValue()) instanceof TensorRef t)) {
                    throw error("tensor " + name + " is not a plain tensor (" + e.getValue() + ")");
                }
                int index = Integer.parseInt(m.group(2));
                TensorRef[] pair = byPrefix.computeIfAbsent(m.group(1), p -> new TreeMap<>())
                        .computeIfAbsent(index, i -> new TensorRef[2]);
                pair[m.group(3).equals("weight") ? 0 : 1] = t;
            }
            if (byPrefix.isEmpty()) {
                throw error("no features.N.weight tensors: not a VGG19 state_dict (keys: " + summary(dict.keySet()) + ")");
            }
            if (byPrefix.size() > 1) {
                throw error("holds several networks (key prefixes " + byPrefix.keySet() + "); save one alone");
            }
            String prefix = byPrefix.keySet().iterator().next();
            Map<Integer, TensorRef[]> found = byPrefix.get(prefix);
            int depth = 0;
            for (int index : found.keySet()) {
                int layer = layerOf(index);
                if (layer < 0) {
                    throw error("unexpected tensor " + prefix + "features." + index
                            + ".*: not torchvision's plain VGG19 (vgg19_bn is not supported)");
                }
                depth = Math.max(depth, layer + 1);
            }
            Map<String, TensorRef[]> layers = new LinkedHashMap<>();
            for (int l = 0; l < depth; l++) {
                String layer = Vgg19.LAYERS.get(l);
                TensorRef[] pair = found.get(FEATURE_INDEX[l]);
                String base = prefix + "features." + FEATURE_INDEX[l];
                for (int k = 0; k < 2; k++) {
                    String tensor = base + (k == 0 ? ".weight" : ".bias");
                    if (pair == null || pair[k] == null) {
                        throw error("tensor " + tensor + " (" + layer + ") is missing");
                    }
                    long out = Vgg19.outChannels(layer);
                    long in = Vgg19.inChannels(layer);
                    long[] want = k == 0 ? new long[] {out, in, 3, 3} : new long[] {out};
                    if (!Arrays.equals(pair[k].size(), want)) {
                        throw error("tensor " + tensor + " (" + layer + ") has shape " + pair[k].shape()
                                + ", expected " + Arrays.toString(want));
                    }
                    if (!pair[k].storage().type().equals("FloatStorage")) {
                        throw error("tensor " + tensor + " is " + pair[k].storage().type()
                                + ", only float32 (FloatStorage) is supported; convert it with tensor.float()");
                    }
                }
                layers.put(layer, pair);
            }
            return layers;
        }

        /** The name of the (first) tensor that uses a storage, for messages. */
        String tensorName(Map<String, TensorRef[]> layers, String storageKey) {
            String name = storageNames.get(storageKey);
            if (name == null) {
                return "storage " + storageKey;
            }
            Matcher m = KEY.matcher(name);
            if (m.matches()) {
                int layer = layerOf(Integer.parseInt(m.group(2)));
                if (layer >= 0) {
                    return name + " (" + Vgg19.LAYERS.get(layer) + ")";
                }
            }
            return name;
        }

        private Map<?, ?> stateDict(Object root) {
            if (root instanceof Map<?, ?> m) {
                for (String wrapper : List.of("state_dict", "model")) {
                    if (m.get(wrapper) instanceof Map<?, ?> inner && !m.keySet().stream()
                            .anyMatch(k -> String.valueOf(k).contains("features."))) {
                        return inner;
                    }
                }
                return m;
            }
            throw error("holds a " + (root == null ? "None" : root.toString())
                    + ", not a state_dict (save model.state_dict(), not the model)");
        }

        private static String summary(Set<?> keys) {
            List<String> names = new ArrayList<>();
            for (Object k : keys) {
                if (names.size() == 5) {
                    names.add("...");
                    break;
                }
                names.add(String.valueOf(k));
            }
            return String.join(", ", names);
        }

        /** Builds the Weights from the layers and their storages' float data. */
        Weights build(Map<String, TensorRef[]> layers, Map<String, float[]> data) {
            Map<String, float[]> kernels = new LinkedHashMap<>();
            Map<String, float[]> biases = new LinkedHashMap<>();
            for (Map.Entry<String, TensorRef[]> e : layers.entrySet()) {
                String layer = e.getKey();
                String base = "features." + FEATURE_INDEX[Vgg19.index(layer)];
                kernels.put(layer, gather(e.getValue()[0], data, base + ".weight", true));
                biases.put(layer, gather(e.getValue()[1], data, base + ".bias", false));
            }
            return new Weights(kernels, biases, Preprocessing.TORCHVISION, file.toString());
        }

        /** The tensor's values, a kernel going from OIHW to HWIO. */
        private float[] gather(TensorRef t, Map<String, float[]> data, String tensor, boolean kernel) {
            float[] storage = data.get(t.storage().key());
            long base = t.storage().offset() + t.offset();
            long last = base;
            for (int d = 0; d < t.size().length; d++) {
                if (t.stride()[d] < 0 || t.stride().length != t.size().length) {
                    throw error("tensor " + tensor + " has unsupported strides " + Arrays.toString(t.stride()));
                }
                last += (t.size()[d] - 1) * t.stride()[d];
            }
            long limit = Math.min(storage.length, t.storage().offset() + t.storage().numel());
            if (base < 0 || last >= limit) {
                throw error("tensor " + tensor + " reaches element " + last + " of a storage of " + limit
                        + " (damaged file?)");
            }
            if (!kernel) {
                float[] r = new float[(int) t.size()[0]];
                for (int o = 0; o < r.length; o++) {
                    r[o] = storage[(int) (base + o * t.stride()[0])];
                }
                return r;
            }
            int out = (int) t.size()[0];
            int in = (int) t.size()[1];
            long[] s = t.stride();
            float[] r = new float[9 * in * out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    long src = base + o * s[0] + i * s[1];
                    for (int h = 0; h < 3; h++) {
                        for (int w = 0; w < 3; w++) {
                            r[((h * 3 + w) * in + i) * out + o] = storage[(int) (src + h * s[2] + w * s[3])];
                        }
                    }
                }
            }
            return r;
        }
    }

    static int layerOf(int featureIndex) {
        for (int l = 0; l < FEATURE_INDEX.length; l++) {
            if (FEATURE_INDEX[l] == featureIndex) {
                return l;
            }
        }
        return -1;
    }

    static float[] floats(ByteBuffer bytes, ByteOrder order) {
        float[] r = new float[bytes.remaining() / 4];
        bytes.order(order).asFloatBuffer().get(r);
        return r;
    }

    // ---------------------------------------------------------------- zip format (torch >= 1.6)

    private static final class Zip extends Format {
        Zip(Path file, String hint) {
            super(file, hint);
        }

        Weights read() throws IOException {
            ZipFile zip;
            try {
                zip = new ZipFile(file.toFile());
            } catch (ZipException e) {
                throw diagnoseBrokenZip(e);
            }
            try (zip) {
                String prefix = null;
                for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                    String name = en.nextElement().getName();
                    if (name.endsWith("data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                        prefix = name.substring(0, name.length() - "data.pkl".length());
                        break;
                    }
                }
                if (prefix == null) {
                    throw error("a zip archive without */data.pkl: not a PyTorch file");
                }
                ByteOrder order = ByteOrder.LITTLE_ENDIAN;
                ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
                if (byteorder != null) {
                    try (InputStream in = zip.getInputStream(byteorder)) {
                        if (new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().equals("big")) {
                            order = ByteOrder.BIG_ENDIAN;
                        }
                    }
                }
                Object root;
                try (InputStream in = zip.getInputStream(zip.getEntry(prefix + "data.pkl"))) {
                    root = loadPickle(new BytesInput(in.readAllBytes()));
                }
                Map<String, TensorRef[]> layers = features(root);
                Map<String, float[]> data = new HashMap<>();
                for (TensorRef[] pair : layers.values()) {
                    for (TensorRef t : pair) {
                        String key = t.storage().key();
                        if (data.containsKey(key)) {
                            continue;
                        }
                        StorageRef root0 = storages.get(key);
                        ZipEntry entry = zip.getEntry(prefix + "data/" + key);
                        String tensor = tensorName(layers, key);
                        if (entry == null) {
                            throw error("tensor " + tensor + ": its storage data/" + key + " is missing");
                        }
                        long bytes = root0.numel() * 4;
                        if (entry.getSize() != bytes) {
                            throw error("tensor " + tensor + ": storage data/" + key + " has " + entry.getSize()
                                    + " bytes, expected " + bytes);
                        }
                        byte[] raw;
                        try (InputStream in = zip.getInputStream(entry)) {
                            raw = in.readNBytes((int) bytes);
                        } catch (ZipException e) {
                            throw error("tensor " + tensor + ": storage data/" + key + " is damaged (" + e.getMessage() + ")");
                        }
                        if (raw.length != bytes) {
                            throw error("tensor " + tensor + ": storage data/" + key + " ends early (truncated?)");
                        }
                        data.put(key, floats(ByteBuffer.wrap(raw), order));
                    }
                }
                return build(layers, data);
            }
        }

        /**
         * A zip whose central directory is gone, usually a truncated download: walk the local entries
         * from the start (PyTorch writes data.pkl first, then the storages, sizes only in data
         * descriptors) to name the first feature tensor whose data is cut off.
         */
        private WeightsException diagnoseBrokenZip(ZipException cause) {
            String general = "not a complete zip archive (" + cause.getMessage() + "), truncated or damaged";
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                long pos = 0;
                Object root = null;
                String prefix = null;
                Set<String> complete = new HashSet<>();
                boolean cut = false;
                while (true) {
                    if (pos + 30 > size) {
                        cut = true;
                        break;
                    }
                    ByteBuffer h = readAt(ch, pos, 30);
                    if (h.getInt(0) != 0x04034b50) {
                        break; // the central directory, or garbage: not a truncation we can name
                    }
                    int flags = h.getShort(6) & 0xffff;
                    long csize = h.getInt(18) & 0xffffffffL;
                    int nameLength = h.getShort(26) & 0xffff;
                    int extraLength = h.getShort(28) & 0xffff;
                    long data = pos + 30 + nameLength + extraLength;
                    if (data > size) {
                        cut = true;
                        break;
                    }
                    String name = new String(readAt(ch, pos + 30, nameLength).array(), StandardCharsets.UTF_8);
                    ByteBuffer extra = readAt(ch, pos + 30 + nameLength, extraLength);
                    boolean zip64 = false;
                    for (int i = 0; i + 4 <= extraLength; i += 4 + (extra.getShort(i + 2) & 0xffff)) {
                        zip64 |= extra.getShort(i) == 1;
                    }
                    long length;
                    String key = null;
                    if (root == null && name.endsWith("data.pkl")) {
                        prefix = name.substring(0, name.length() - "data.pkl".length());
                        ChannelInput in = new ChannelInput(ch, data);
                        root = loadPickle(in);
                        length = in.position() - data;
                    } else if (prefix != null && name.startsWith(prefix + "data/")
                            && storages.containsKey(name.substring(prefix.length() + 5))) {
                        key = name.substring(prefix.length() + 5);
                        StorageRef s = storages.get(key);
                        length = s.numel() * ELEMENT_SIZES.getOrDefault(s.type(), 1);
                    } else if ((flags & 8) == 0) {
                        length = csize;
                    } else {
                        length = findDescriptor(ch, data, size);
                        if (length < 0) {
                            break;
                        }
                    }
                    if (data + length > size) {
                        cut = true;
                        break;
                    }
                    if (key != null) {
                        complete.add(key);
                    }
                    pos = data + length;
                    if ((flags & 8) != 0) {
                        if (pos + 4 <= size && readAt(ch, pos, 4).getInt(0) == 0x08074b50) {
                            pos += 4;
                        }
                        pos += zip64 ? 20 : 12;
                    }
                }
                if (cut && root != null) {
                    Map<String, TensorRef[]> layers = features(root);
                    for (TensorRef[] pair : layers.values()) {
                        for (TensorRef t : pair) {
                            if (!complete.contains(t.storage().key())) {
                                return new WeightsException(file + ": truncated: the data of tensor "
                                        + tensorName(layers, t.storage().key()) + " is cut off or missing; " + hint, cause);
                            }
                        }
                    }
                }
                if (cut) {
                    general = "truncated (" + cause.getMessage() + ")";
                }
            } catch (IOException | RuntimeException e) {
                // keep the general message
            }
            return new WeightsException(file + ": " + general + "; " + hint, cause);
        }

        /** Length of a stored entry of unknown size starting at data: where its data descriptor says it ends. */
        private static long findDescriptor(FileChannel ch, long data, long size) throws IOException {
            ByteBuffer window = readAt(ch, data, (int) Math.min(1 << 16, size - data));
            for (int i = 0; i + 16 <= window.limit(); i++) {
                if (window.getInt(i) == 0x08074b50 && (window.getInt(i + 8) & 0xffffffffL) == i) {
                    return i;
                }
            }
            return -1;
        }

        private static ByteBuffer readAt(FileChannel ch, long pos, int n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b, pos + b.position()) > 0) {
                // keep reading
            }
            if (b.hasRemaining()) {
                throw new EOFException();
            }
            return b.flip();
        }
    }

    /** Pickle input over bytes in memory. */
    static final class BytesInput implements PickleReader.Input {
        private final byte[] bytes;
        private int pos;

        BytesInput(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public void readFully(byte[] b) throws EOFException {
            if (bytes.length - pos < b.length) {
                throw new EOFException("end of pickle data");
            }
            System.arraycopy(bytes, pos, b, 0, b.length);
            pos += b.length;
        }
    }

    // ---------------------------------------------------------------- legacy format (torch < 1.6)

    private static final class Legacy extends Format {
        Legacy(Path file, String hint) {
            super(file, hint);
        }

        Weights read() throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ChannelInput in = new ChannelInput(ch);
                Object magic = loadPickle(in);
                if (!(magic instanceof BigInteger b && b.equals(LEGACY_MAGIC))) {
                    throw error("a pickle without PyTorch's magic number: not a torch.save file");
                }
                Object protocol = loadPickle(in);
                if (!(protocol instanceof Long p && p == LEGACY_PROTOCOL)) {
                    throw error("PyTorch legacy protocol " + protocol + ", only " + LEGACY_PROTOCOL + " is supported");
                }
                Object sysInfo = loadPickle(in);
                if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                    throw error("saved on a big-endian machine, which is not supported");
                }
                Object root = loadPickle(in);
                Map<String, TensorRef[]> layers = features(root);
                Object keyList = loadPickle(in);
                if (!(keyList instanceof List<?> keys)) {
                    throw error("the list of storage keys is missing");
                }
                Set<String> needed = new HashSet<>();
                for (TensorRef[] pair : layers.values()) {
                    for (TensorRef t : pair) {
                        needed.add(t.storage().key());
                    }
                }
                Map<String, float[]> data = new HashMap<>();
                long size = ch.size();
                long pos = in.position();
                ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                for (Object k : keys) {
                    String key = String.valueOf(k);
                    StorageRef s = storages.get(key);
                    if (s == null) {
                        throw error("storage " + key + " is listed but no tensor uses it (damaged file?)");
                    }
                    Integer elementSize = ELEMENT_SIZES.get(s.type());
                    if (elementSize == null) {
                        throw error("storage " + key + " has unknown type " + s.type());
                    }
                    count.clear();
                    if (readFully(ch, count, pos) < 8) {
                        throw truncated(layers, key, pos + 8, size);
                    }
                    long numel = count.getLong(0);
                    if (numel != s.numel()) {
                        throw error("storage of " + tensorName(layers, key) + " holds " + numel
                                + " elements, its tensor says " + s.numel() + " (damaged file?)");
                    }
                    long bytes = numel * elementSize;
                    long start = pos + 8;
                    if (start + bytes > size) {
                        throw truncated(layers, key, start + bytes, size);
                    }
                    if (needed.contains(key)) {
                        if (bytes > Integer.MAX_VALUE) {
                            throw error("storage of " + tensorName(layers, key) + " is too large");
                        }
                        ByteBuffer buf = ByteBuffer.allocate((int) bytes);
                        if (readFully(ch, buf, start) < bytes) {
                            throw truncated(layers, key, start + bytes, size);
                        }
                        buf.flip();
                        data.put(key, floats(buf, ByteOrder.LITTLE_ENDIAN));
                    }
                    pos = start + bytes; // other storages (the classifier's) are skipped, not read
                }
                for (String key : needed) {
                    if (!data.containsKey(key)) {
                        throw error("the data of tensor " + tensorName(layers, key) + " is missing");
                    }
                }
                return build(layers, data);
            }
        }

        private WeightsException truncated(Map<String, TensorRef[]> layers, String key, long end, long size) {
            return error("truncated: the data of tensor " + tensorName(layers, key) + " ends at byte " + end
                    + " but the file has " + size + " bytes");
        }

        private static int readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
            int total = 0;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        }
    }

    /** Buffered pickle input over a file channel that knows its position in the file. */
    static final class ChannelInput implements PickleReader.Input {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        private long bufStart;

        ChannelInput(FileChannel ch) {
            this(ch, 0);
        }

        ChannelInput(FileChannel ch, long start) {
            this.ch = ch;
            this.bufStart = start;
            buf.flip();
        }

        long position() {
            return bufStart + buf.position();
        }

        private boolean fill() throws IOException {
            bufStart += buf.limit();
            buf.clear();
            int n = ch.read(buf, bufStart);
            buf.flip();
            return n > 0;
        }

        @Override
        public int read() throws IOException {
            if (!buf.hasRemaining() && !fill()) {
                return -1;
            }
            return buf.get() & 0xff;
        }

        @Override
        public void readFully(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                if (!buf.hasRemaining() && !fill()) {
                    throw new EOFException("end of file inside a pickle");
                }
                int n = Math.min(buf.remaining(), b.length - off);
                buf.get(b, off, n);
                off += n;
            }
        }
    }
}
