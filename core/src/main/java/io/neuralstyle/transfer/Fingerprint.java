package io.neuralstyle.transfer;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Vgg19;
import io.neuralstyle.model.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run's result depends on, as named text values: every setting that changes the result, and
 * a SHA-256 of each input's pixels and of the weights. A checkpoint carries its run's fingerprint, so
 * that it is continued only by the same run, and a refusal can say what differs.
 *
 * @param values setting names (as {@link Settings#describe()} has them) and input names to values
 */
public record Fingerprint(Map<String, String> values) {
    /**
     * Settings that change how a run uses the machine, not what it computes, and the quality preset,
     * which acts only through the iterations it gives (and those are in the fingerprint).
     */
    private static final Set<String> IGNORED_SETTINGS = Set.of("threads", "max-memory", "quality");

    public Fingerprint {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The fingerprint of a run of {@code settings} on these inputs (content and init may be null). */
    public static Fingerprint of(Settings settings, Weights weights, Image content, List<StyleImage> styles,
            Image init) {
        Map<String, String> v = new LinkedHashMap<>();
        settings.describe().forEach((key, value) -> {
            if (!IGNORED_SETTINGS.contains(key)) {
                v.put(key, value);
            }
        });
        if (settings.init() instanceof Init.FromImage) {
            // The starting image counts by its pixels ("initial image" below), as every input does, not by
            // where it lies; "image" is what fingerprints held here before the settings kept its location.
            v.put(SettingKey.INIT.key(), "image");
        }
        v.put("weights", weights(weights));
        if (content != null) {
            v.put("content image", pixels(content));
        }
        for (int i = 0; i < styles.size(); i++) {
            String n = styles.size() == 1 ? "" : " " + (i + 1);
            v.put("style image" + n, pixels(styles.get(i).image()));
            if (styles.get(i).mask() != null) {
                v.put("mask" + n, pixels(styles.get(i).mask()));
            }
        }
        if (init != null && settings.init() instanceof Init.FromImage) {
            v.put("initial image", pixels(init));
        }
        return new Fingerprint(v);
    }

    /**
     * One value that differs between two fingerprints.
     *
     * @param name  a setting's key, or an input's name ("content image", "weights")
     * @param here  this fingerprint's value, null when it has none
     * @param there the other's, null when it has none
     */
    public record Difference(String name, String here, String there) {
        /** Whether it is an input (an image or the weights) rather than a setting. */
        public boolean input() {
            return isInput(name);
        }

        /** In words: "style-weight is 30.0 here, 10.0 there", "another content image". */
        @Override
        public String toString() {
            if (input()) {
                return here == null ? "no " + name + " here" : there == null ? "no " + name + " there" : "another " + name;
            }
            return name + " is " + (here == null ? "unset" : here) + " here, " + (there == null ? "unset" : there)
                    + " there";
        }
    }

    /** What differs from {@code other}, in the order of the values; empty when they are the same. */
    public List<Difference> differences(Fingerprint other) {
        List<Difference> out = new ArrayList<>();
        Set<String> keys = new java.util.LinkedHashSet<>(values.keySet());
        keys.addAll(other.values.keySet());
        for (String key : keys) {
            String here = values.get(key);
            String there = other.values.get(key);
            if (here == null ? there != null : !here.equals(there)) {
                out.add(new Difference(key, here, there));
            }
        }
        return out;
    }

    /**
     * One SHA-256 of every value, in hex: written into a result so that a later run can tell, without
     * running, whether that result was made with the same settings and inputs.
     */
    public String digest() {
        MessageDigest d = sha256();
        new java.util.TreeMap<>(values).forEach((key, value) -> {
            d.update((key + "=" + value + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        return HexFormat.of().formatHex(d.digest());
    }

    private static boolean isInput(String key) {
        return key.equals("weights") || key.contains("image") || key.startsWith("mask");
    }

    private static String pixels(Image image) {
        MessageDigest d = sha256();
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(image.width()).putInt(image.height());
        d.update(b.array());
        update(d, image.data());
        return HexFormat.of().formatHex(d.digest());
    }

    private static String weights(Weights weights) {
        MessageDigest d = sha256();
        for (int i = 0; i < weights.depth(); i++) {
            String layer = Vgg19.LAYERS.get(i);
            update(d, weights.kernel(layer));
            update(d, weights.bias(layer));
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static void update(MessageDigest d, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; ) {
            b.clear();
            int n = Math.min(values.length - i, b.capacity() / 4);
            b.asFloatBuffer().put(values, i, n);
            d.update(b.array(), 0, 4 * n);
            i += n;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
