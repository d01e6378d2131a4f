package io.neuralstyle.transfer;

import io.neuralstyle.engine.Pooling;
import io.neuralstyle.engine.Device;
import io.neuralstyle.engine.LossSpec;
import io.neuralstyle.engine.Precision;
import io.neuralstyle.engine.StyleLoss;
import io.neuralstyle.model.LayerWeights;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting of {@link Settings}, once, in the order of {@link Settings#describe()}: its key, the
 * form of its value, a one-line description, its default, and how its value is read from text and
 * written as text. Everything that lists the settings works from this table: {@code describe()}, the
 * text a result carries and a settings file holds; {@link Settings#fromMap} and
 * {@link Settings.Builder#set(Map)}, which read that text back; {@link Settings#equals},
 * {@code hashCode} and {@code toString}; and the command line, which makes its {@code --KEY} options,
 * their help and their defaults from it.
 *
 * <p>A new setting needs a field of {@link Settings.Builder} starting at its default, its builder
 * method, its accessor in {@link Settings}, and one entry here; a range check, if it has one, goes
 * into {@code Settings}' constructor. Keys are stable: results made long ago carry them.
 *
 * <p>Each entry binds a {@link Codec} (text to value and back) to the settings' accessor and the
 * builder's method, so the table itself stays a list of plain facts.
 */
public enum SettingKey {
    SIZE("size", "PIXELS", "Longest side of the output; the photo is resized to it.",
            String.valueOf(Settings.DEFAULT_SIZE),
            bind(Codec.WHOLE, Settings::size, Settings.Builder::size)),
    ITERATIONS("iterations", "N", "Optimizer iterations at the full size.",
            "by the quality: at standard, " + Settings.DEFAULT_FINE_ITERATIONS + " after coarser scales, else "
                    + Settings.DEFAULT_ITERATIONS,
            bind(Codec.WHOLE, Settings::iterations, Settings.Builder::iterations)),
    OPTIMIZER("optimizer", "lbfgs|adam", "L-BFGS with a line search, as in the paper, or Adam.",
            Settings.DEFAULT_OPTIMIZER.toString(),
            bind(Codec.of(OptimizerKind::parse), Settings::optimizer, Settings.Builder::optimizer)),
    LEARNING_RATE("learning-rate", "RATE", "Adam's step size, the image spanning 0..1.",
            String.valueOf(Settings.DEFAULT_LEARNING_RATE),
            bind(Codec.NUMBER, Settings::learningRate, Settings.Builder::learningRate)),
    LBFGS_HISTORY("lbfgs-history", "N", "Correction pairs L-BFGS keeps (2 N image-sized arrays); a size whose"
            + " arrays would crowd out the network keeps fewer, and says so.",
            String.valueOf(Settings.DEFAULT_LBFGS_HISTORY),
            bind(Codec.WHOLE, Settings::lbfgsHistory, Settings.Builder::lbfgsHistory)),
    INIT("init", "noise|content|FILE", "Start from seeded white noise (the paper), from the photo, or from an"
            + " image file.",
            Settings.DEFAULT_INIT.toString(),
            bind(Codec.INIT, Settings::init, Settings.Builder::init)),
    POOLING("pooling", "avg|max", "Pooling between VGG blocks; the paper recommends average.",
            Settings.DEFAULT_POOLING.toString(),
            bind(Codec.of(Pooling::parse), Settings::pooling, Settings.Builder::pooling)),
    CONTENT_LAYERS("content-layers", "LAYER[,LAYER...]", "Layers whose feature maps the result shares with"
            + " the photo (relu4_2 is an alias of conv4_2).",
            String.join(",", Settings.DEFAULT_CONTENT_LAYERS),
            bind(Codec.LAYERS, s -> List.copyOf(s.contentLayers().keySet()),
                    (b, names) -> b.contentLayers(equalWeights(names)))),
    CONTENT_LAYER_WEIGHTS("content-layer-weights", "W[,W...]", "One weight per content layer.",
            "equal weights summing to 1",
            bind(Codec.NUMBERS, s -> List.copyOf(s.contentLayers().values()),
                    (b, weights) -> b.contentLayers(reweighted(b.contentLayers(), weights)))),
    STYLE_LAYERS("style-layers", "LAYER[,LAYER...]", "Layers whose Gram matrices the result shares with the"
            + " painting.",
            String.join(",", Settings.DEFAULT_STYLE_LAYERS),
            bind(Codec.LAYERS, s -> List.copyOf(s.styleLayers().keySet()),
                    (b, names) -> b.styleLayers(equalWeights(names)))),
    STYLE_LAYER_WEIGHTS("style-layer-weights", "W[,W...]", "One weight w_l per style layer.",
            "equal weights summing to 1 (the paper's 1/5)",
            bind(Codec.NUMBERS, s -> List.copyOf(s.styleLayers().values()),
                    (b, weights) -> b.styleLayers(reweighted(b.styleLayers(), weights)))),
    // Left out while at their defaults, so that results and checkpoints made before they existed read the same.
    STYLE_LOSS("style-loss", "gram|w2|sliced", "How the style layers compare the result with the painting: Gram"
            + " matrices (the paper), the W2 distance between the features' Gaussians (mean and covariance), or"
            + " the sliced Wasserstein distance of their sorted random projections (no tiles).",
            Settings.DEFAULT_STYLE_LOSS.toString(),
            bind(Codec.of(StyleLoss::parse), Settings::styleLoss, Settings.Builder::styleLoss)
                    .omittedWhen(Settings.DEFAULT_STYLE_LOSS)),
    STYLE_PROJECTIONS("style-projections", "N", "Random directions per layer of --style-loss sliced; 0: "
            + LossSpec.DIRECTIONS_PER_CHANNEL + " per channel.",
            "0 (" + LossSpec.DIRECTIONS_PER_CHANNEL + " per channel)",
            bind(Codec.WHOLE, Settings::styleProjections, Settings.Builder::styleProjections)
                    .omittedWhen(Settings.DEFAULT_STYLE_PROJECTIONS)),
    CONTENT_WEIGHT("content-weight", "ALPHA", "Weight alpha of the content loss.",
            String.valueOf(Settings.DEFAULT_CONTENT_WEIGHT),
            bind(Codec.NUMBER, Settings::contentWeight, Settings.Builder::contentWeight)),
    STYLE_WEIGHT("style-weight", "BETA", "Weight beta of the style loss: 1 keeps mostly the photo, 30 paints"
            + " over much of it, 100 leaves little but the painting's texture.",
            String.valueOf(Settings.DEFAULT_STYLE_WEIGHT),
            bind(Codec.NUMBER, Settings::styleWeight, Settings.Builder::styleWeight)),
    TV_WEIGHT("tv-weight", "W", "Weight of a total-variation term that removes pixel-level grain (0: off, as in the"
            + " paper).",
            String.valueOf(Settings.DEFAULT_TV_WEIGHT),
            bind(Codec.NUMBER, Settings::tvWeight, Settings.Builder::tvWeight)),
    SEED("seed", "N", "Seed of the starting noise: the same seed repeats a run bit for bit on the same machine.",
            String.valueOf(Settings.DEFAULT_SEED),
            bind(Codec.LONG, Settings::seed, Settings.Builder::seed)),
    THREADS("threads", "N", "Threads for the network; 0: one per processor.",
            String.valueOf(Settings.DEFAULT_THREADS),
            bind(Codec.WHOLE, Settings::threads, Settings.Builder::threads)),
    STYLE_BLEND("style-blend", "W[,W...]", "One weight per style image; the style targets are the blend of the"
            + " paintings' Gram matrices (with sliced, the mixture of their distributions) by these weights,"
            + " normalized to sum 1.",
            "equal weights",
            bind(Codec.NUMBERS, Settings::styleBlend, Settings.Builder::styleBlend).omittedWhen(List.of())),
    STYLE_SCALE("style-scale", "SCALE", "Size of the painting relative to the output: below 1 smaller strokes"
            + " and motifs, above 1 larger.",
            String.valueOf(Settings.DEFAULT_STYLE_SCALE),
            bind(Codec.NUMBER, Settings::styleScale, Settings.Builder::styleScale)),
    COLORS("colors", "style|luminance|histogram", "Whose colors the result has: the painting's, or the photo's"
            + " by a luminance-only transfer or by matching the painting's colors to the photo's first.",
            Settings.DEFAULT_COLORS.toString(),
            bind(Codec.of(Colors::parse), Settings::colors, Settings.Builder::colors)),
    // Written even when empty ("none"): a re-run at a larger size would otherwise get the default schedule.
    SCALE_ITERATIONS("scale-iterations", "N[,N...]|none", "Coarse-to-fine (Gatys et al. 2017): iterations at"
            + " each coarser scale, coarsest first, each half the next, each starting from the previous result"
            + " upsampled; none: the full size only, as in the paper.",
            "by the quality: above " + Settings.COARSE_TO_FINE_ABOVE + " px, one count at each halved size down"
                    + " to " + Settings.SMALLEST_SCALE + " px or more (at 512 px and standard: "
                    + Codec.COUNTS.format().apply(Settings.defaultScaleIterations(512)) + "); else none",
            bind(Codec.COUNTS, Settings::scaleIterations, Settings.Builder::scaleIterations)),
    PRECISION("precision", "auto|fp32|bf16", "The network's arithmetic while optimizing: bf16 is about 1.7"
            + " times as fast where the CPU has AVX512_BF16 or AMX and gives a result that looks the same;"
            + " auto picks it there, else fp32.",
            "auto",
            bind(Codec.of(Precision::parse), Settings::precision, Settings.Builder::precision)),
    MAX_MEMORY("max-memory", "SIZE", "Memory a run may use, e.g. 8g or 6000m; a larger image is painted in"
            + " tiles that fit, with the same result.",
            "auto, the smaller of 8g and the memory available",
            bind(Codec.MEMORY, Settings::maxMemoryBytes, Settings.Builder::maxMemoryBytes).omittedWhen(0L)),
    DEVICE("device", "auto|cpu|gpu", "Where the network runs: gpu needs the program built with -Pgpu (Linux,"
            + " NVIDIA GPU, CUDA 12); auto uses a GPU where there is one to use, else the CPU.",
            "auto",
            bind(Codec.of(Device::parse), Settings::device, Settings.Builder::device).omittedWhen(Device.AUTO)),
    // Left out while standard, so that results and checkpoints made before presets existed read the same.
    QUALITY("quality", "draft|standard|best", "How long to paint: draft, a quick look in about a fifth of the"
            + " time; standard; best, the most iterations at each scale. It sets the schedule"
            + " (iterations at each scale), which --iterations and --scale-iterations override.",
            Settings.DEFAULT_QUALITY.toString(),
            bind(Codec.of(Quality::parse), Settings::quality, Settings.Builder::quality)
                    .omittedWhen(Settings.DEFAULT_QUALITY));


    private final String key;
    private final String form;
    private final String description;
    private final String defaultText;
    private final Binding<?> binding;

    SettingKey(String key, String form, String description, String defaultText, Binding<?> binding) {
        this.key = key;
        this.form = form;
        this.description = description;
        this.defaultText = defaultText;
        this.binding = binding;
    }

    /** The key, as in {@link Settings#describe()}, settings files and (as {@code --KEY}) the command line. */
    public String key() {
        return key;
    }

    /** What a value looks like, for help texts: {@code PIXELS}, {@code avg|max}, {@code W[,W...]}. */
    public String form() {
        return form;
    }

    /** One line: what the setting does. */
    public String description() {
        return description;
    }

    /** The default, in words where it depends on other settings or on the machine. */
    public String defaultText() {
        return defaultText;
    }

    /**
     * Whether the value is a number or a list of numbers, which a front end can check as it reads
     * its own options (the command line treats a malformed number as a usage error).
     */
    public boolean numeric() {
        return binding.codec.numeric;
    }

    /** The setting with this key. */
    public static Optional<SettingKey> find(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    /** The setting with this key, or a {@link SettingsException} that lists the keys there are. */
    public static SettingKey of(String key) {
        return find(key).orElseThrow(() -> new SettingsException(key, "is not a setting; the settings are "
                + Arrays.stream(values()).map(SettingKey::key).collect(Collectors.joining(", "))));
    }

    /** A problem with this setting; {@code problem} says what is wrong and what would be valid. */
    public SettingsException invalid(String problem) {
        return new SettingsException(key, problem);
    }

    /** This setting's value as text, or null where {@link Settings#describe()} leaves it out (unset). */
    public String format(Settings settings) {
        return binding.format(settings);
    }

    /**
     * Reads {@code text} into the builder.
     *
     * @throws SettingsException naming this setting when the text is not of its form
     */
    public void apply(Settings.Builder builder, String text) {
        if (text == null) {
            throw invalid("has no value; give one of the form " + form);
        }
        try {
            binding.apply(builder, text.trim());
        } catch (IllegalArgumentException e) {
            // The codecs and enum parsers say in words what is wrong with a value; the key is added here.
            throw invalid(e.getMessage());
        }
    }

    /**
     * Checks that {@code text} is of this setting's form (a number where it takes one, a known layer
     * where it takes layers), without setting anything: whether the value suits the other settings is
     * decided when they are built.
     *
     * @throws SettingsException naming this setting when it is not
     */
    public void checkForm(String text) {
        try {
            binding.codec.parse.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * This setting's value in {@code settings} as {@link Settings#equals} compares it: its accessor's,
     * except that a layer list stands for its layers with their weights, a map (equal whatever the
     * order, as a map given to the builder has none), and its weights' entry for nothing (null).
     */
    Object value(Settings settings) {
        return switch (this) {
            case CONTENT_LAYERS -> settings.contentLayers();
            case STYLE_LAYERS -> settings.styleLayers();
            case CONTENT_LAYER_WEIGHTS, STYLE_LAYER_WEIGHTS -> null;
            default -> binding.get.apply(settings);
        };
    }

    private static <T> Binding<T> bind(Codec<T> codec, Function<Settings, T> get,
            BiConsumer<Settings.Builder, T> set) {
        return new Binding<>(codec, get, set, null);
    }

    private static Map<String, Double> equalWeights(List<String> names) {
        return LayerWeights.of(names, List.of());
    }

    /** The layers with these weights in order; no weights means equal weights (see {@link LayerWeights#of}). */
    private static Map<String, Double> reweighted(Map<String, Double> layers, List<Double> weights) {
        return LayerWeights.of(List.copyOf(layers.keySet()), weights);
    }

    /** A setting's codec bound to the settings' accessor and the builder's method. */
    private record Binding<T>(Codec<T> codec, Function<Settings, T> get, BiConsumer<Settings.Builder, T> set,
            T omitted) {
        /** The same, left out of {@code describe()} while its value is {@code value} (unset). */
        Binding<T> omittedWhen(T value) {
            return new Binding<>(codec, get, set, value);
        }

        String format(Settings s) {
            T value = get.apply(s);
            return Objects.equals(value, omitted) ? null : codec.format.apply(value);
        }

        void apply(Settings.Builder b, String text) {
            set.accept(b, codec.parse.apply(text));
        }
    }

    /**
     * Text to a value and back. {@code parse} throws an {@link IllegalArgumentException} whose message
     * says, without the key, what is wrong; {@link #apply} adds the key.
     */
    private record Codec<T>(Function<String, T> parse, Function<T, String> format, boolean numeric) {
        static final Codec<Integer> WHOLE = new Codec<>(t -> whole(t, "a whole number"), String::valueOf, true);
        static final Codec<Long> LONG = new Codec<>(t -> {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("takes a whole number, got '" + t + "'");
            }
        }, String::valueOf, true);
        static final Codec<Double> NUMBER = new Codec<>(Codec::number, String::valueOf, true);
        static final Codec<List<Double>> NUMBERS = new Codec<>(t -> list(t).stream().map(Codec::number).toList(),
                Codec::join, true);
        /** Iterations per scale, coarsest first; "none" for no coarser scales. */
        static final Codec<List<Integer>> COUNTS = new Codec<>(t -> t.equalsIgnoreCase("none") ? List.of()
                : list(t).stream().map(n -> whole(n, "counts like 300,300 (coarsest first) or none")).toList(),
                counts -> counts.isEmpty() ? "none" : join(counts), false);
        /** VGG19 layer names, canonical (relu3_1 is conv3_1), each once. */
        static final Codec<List<String>> LAYERS = new Codec<>(t -> LayerWeights.names(list(t)),
                names -> String.join(",", names), false);
        /** noise, content, or anything else: an image's location (a file, to the command line), kept as given. */
        static final Codec<Init> INIT = new Codec<>(t -> switch (t.toLowerCase(Locale.ROOT)) {
            case "noise" -> Init.NOISE;
            case "content" -> Init.CONTENT;
            default -> Init.image(t);
        }, Init::toString, false);
        /** Bytes, written with a unit (8g, 6000m, 512k); "auto" or 0 for automatic. */
        static final Codec<Long> MEMORY = new Codec<>(Codec::bytes, Codec::withUnit, false);

        static <E> Codec<E> of(Function<String, E> parse) {
            return new Codec<>(parse, String::valueOf, false);
        }

        private static int whole(String t, String what) {
            try {
                return Integer.parseInt(t.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("takes " + what + ", got '" + t + "'");
            }
        }

        private static double number(String t) {
            try {
                return Double.parseDouble(t.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("takes a number, got '" + t + "'");
            }
        }

        /** Comma-separated parts; empty text is the empty list. */
        private static List<String> list(String t) {
            return t.isBlank() ? List.of() : List.of(t.split(",", -1));
        }

        private static String join(List<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }

        private static long bytes(String text) {
            String t = text.toLowerCase(Locale.ROOT);
            if (t.equals("auto")) {
                return 0;
            }
            int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : t.endsWith("t") ? 40
                    : t.endsWith("b") ? 0 : -1;
            try {
                if (shift >= 0) {
                    double value = Double.parseDouble(t.substring(0, t.length() - 1));
                    if (value > 0 && value < 1L << (62 - shift)) {
                        return (long) (value * (1L << shift));
                    }
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new IllegalArgumentException("takes a positive size with a unit, such as 8g or 6000m, or auto;"
                    + " got '" + text + "'");
        }

        /** In MiB where exact, as results have always recorded it; else in KiB or bytes. */
        private static String withUnit(long bytes) {
            return bytes % (1L << 20) == 0 ? (bytes >> 20) + "m" : bytes % 1024 == 0 ? (bytes >> 10) + "k" : bytes + "b";
        }
    }
}
