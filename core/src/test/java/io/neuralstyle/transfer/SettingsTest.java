package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.engine.Pooling;
import io.neuralstyle.engine.Precision;
import io.neuralstyle.model.LayerWeights;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings as text: describe, fromMap, the settings file, the table behind them, and their errors. */
class SettingsTest {
    @TempDir
    Path dir;

    /** Every setting away from its default, the layers given by their aliases. */
    static Settings unusual() {
        Map<String, Double> content = new LinkedHashMap<>();
        content.put("relu4_2", 0.75);
        content.put("conv5_2", 0.25);
        Map<String, Double> style = new LinkedHashMap<>();
        style.put("conv1_1", 1.0);
        style.put("conv3_1", 2.5);
        return Settings.builder().size(300).iterations(42).optimizer(OptimizerKind.ADAM).learningRate(0.015)
                .lbfgsHistory(17).init(Init.CONTENT).pooling(Pooling.MAX).contentLayers(content).styleLayers(style)
                .contentWeight(0.5).styleWeight(1e-5).tvWeight(3.25).seed(12345678901L).threads(3)
                .styleBlend(List.of(0.7, 0.3)).styleScale(0.8).colors(Colors.HISTOGRAM)
                .scaleIterations(List.of(7, 9)).precision(Precision.FP32).maxMemoryBytes(1536L << 20).build();
    }

    @Test
    void describedSettingsReadBackEqual() {
        for (Settings s : List.of(unusual(), Settings.builder().build(), Settings.builder().size(256).build(),
                Settings.builder().size(2048).build(), Settings.builder().maxMemoryBytes(12345).build())) {
            assertEquals(s, Settings.fromMap(s.describe()), s.describe().toString());
            assertEquals(s, s.toBuilder().build(), "toBuilder copies exactly");
        }
        assertEquals("conv4_2,conv5_2", unusual().describe().get("content-layers"), "aliases become paper names");
        assertEquals("0.7,0.3", unusual().describe().get("style-blend"));
        assertEquals("1536m", unusual().describe().get("max-memory"));
    }

    @Test
    void describeKeepsItsKeysAndOrder() {
        // These keys are embedded in every output PNG made so far: they must stay readable.
        assertEquals(List.of("size", "iterations", "optimizer", "learning-rate", "lbfgs-history", "init", "pooling",
                "content-layers", "content-layer-weights", "style-layers", "style-layer-weights", "content-weight",
                "style-weight", "tv-weight", "seed", "threads", "style-blend", "style-scale", "colors",
                "scale-iterations", "precision", "max-memory"), List.copyOf(unusual().describe().keySet()));
        Map<String, String> defaults = Settings.builder().build().describe();
        assertFalse(defaults.containsKey("style-blend") || defaults.containsKey("max-memory"), "unset: left out");
        assertEquals("10.0", defaults.get("style-weight"));
        assertEquals("conv1_1,conv2_1,conv3_1,conv4_1,conv5_1", defaults.get("style-layers"));
        assertEquals("0.2,0.2,0.2,0.2,0.2", defaults.get("style-layer-weights"));
        assertEquals("300,300", defaults.get("scale-iterations"));
        assertEquals("none", Settings.builder().size(256).build().describe().get("scale-iterations"));
    }

    @Test
    void theTablesDefaultsAreTheBuildersDefaults() {
        Settings defaults = Settings.builder().build();
        Set<String> keys = new HashSet<>();
        for (SettingKey key : SettingKey.values()) {
            assertTrue(keys.add(key.key()), "one entry per key: " + key.key());
            assertFalse(key.description().isBlank() || key.defaultText().isBlank() || key.form().isBlank(), key.key());
            assertEquals(key, SettingKey.of(key.key()));
            // The default as a value: the table's text itself, or for a default in words the value those
            // words give for a 512 px picture at the standard quality; either way it is the builder's own.
            String value = WORDED_DEFAULTS.getOrDefault(key.key(), key.defaultText());
            Settings fromText;
            try {
                fromText = Settings.builder().set(key.key(), value).build();
            } catch (SettingsException e) {
                throw new AssertionError(key.key() + "'s default is in words (" + key.defaultText()
                        + "): give the value they mean in WORDED_DEFAULTS", e);
            }
            assertEquals(defaults, fromText, key.key() + " defaults to " + key.defaultText());
            if (WORDED_DEFAULTS.containsKey(key.key())) {
                assertThrows(SettingsException.class, () -> Settings.builder().set(key.key(), key.defaultText()),
                        key.key() + ": its default reads as a value, so it needs no entry in WORDED_DEFAULTS");
            }
        }
    }

    /** The settings whose default the table gives in words, with the value the words mean by default. */
    private static final Map<String, String> WORDED_DEFAULTS = Map.of(
            "iterations", "100",
            "content-layer-weights", "1",
            "style-layer-weights", "0.2,0.2,0.2,0.2,0.2",
            "style-projections", "0",
            "style-blend", "",
            "scale-iterations", "300,300",
            "max-memory", "auto");

    @Test
    void everyFieldOfTheBuilderIsASettingOfTheTable() {
        // Equality, the hash, toString and describe() see the values through SettingKey: a builder field
        // without an entry would be invisible to them. The two layer-weight keys set the layer fields' values.
        long fields = Arrays.stream(Settings.Builder.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())).count();
        assertEquals(SettingKey.values().length - 2, fields, "one builder field per setting of SettingKey");
        // Layers compare as maps: a map given to the builder (Map.of) has no order of its own.
        Settings forward = Settings.builder().styleLayers(LayerWeights.of(List.of("conv1_1", "conv3_1"),
                List.of(0.25, 0.75))).build();
        Settings backward = Settings.builder().styleLayers(LayerWeights.of(List.of("conv3_1", "conv1_1"),
                List.of(0.75, 0.25))).build();
        assertEquals(forward, backward);
        assertEquals(forward.hashCode(), backward.hashCode());
        assertNotEquals(forward, forward.toBuilder().styleLayers(Map.of("conv1_1", 0.75, "conv3_1", 0.25)).build());
        assertTrue(forward.toString().startsWith("Settings{size=512, iterations="), forward.toString());
    }

    @Test
    void aLayerListWithoutWeightsGetsEqualWeightsAndWeightsApplyToTheLayersInOrder() {
        Settings.Builder b = Settings.builder().set(Map.of("style-layer-weights", "3,1", "style-layers", "conv1_1,relu2_1"));
        assertEquals(Map.of("conv1_1", 3.0, "conv2_1", 1.0), b.build().styleLayers());
        // A later layer list (the command line over a settings file) starts again from equal weights.
        b.set(Map.of("style-layers", "conv1_1,conv2_1,conv3_1,conv4_1"));
        assertEquals(List.of(0.25, 0.25, 0.25, 0.25), List.copyOf(b.build().styleLayers().values()));
        assertEquals(Map.of(), Settings.fromMap(Map.of("content-layers", "")).contentLayers(), "a texture");
    }

    @Test
    void unknownKeysAreNamedWithTheKeysThereAre() {
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.fromMap(Map.of("colour", "red")));
        assertEquals("colour", e.setting());
        assertTrue(e.getMessage().startsWith("colour: is not a setting"), e.getMessage());
        assertTrue(e.getMessage().contains("style-weight") && e.getMessage().contains("max-memory"), e.getMessage());
    }

    @Test
    void badValuesNameTheSettingAndWhatWouldBeValid() {
        assertBad("size", "takes a whole number, got 'big'", Map.of("size", "big"));
        assertBad("size", "must be at least 16 pixels, got 8", Map.of("size", "8"));
        assertBad("style-weight", "must be finite and not negative, got -1.0", Map.of("style-weight", "-1"));
        assertBad("style-weight", "takes a number, got 'lots'", Map.of("style-weight", "lots"));
        assertBad("style-layers", "unknown VGG19 layer 'conv9_9'", Map.of("style-layers", "conv1_1,conv9_9"));
        assertBad("style-layers", "lists conv1_1 twice", Map.of("style-layers", "conv1_1,relu1_1"));
        assertBad("style-layer-weights", "2 layers but 1 layer weights", Map.of("style-layers", "conv1_1,conv2_1",
                "style-layer-weights", "1"));
        assertBad("content-layer-weights", "must be finite and not negative", Map.of("content-layer-weights", "-2"));
        assertBad("style-layers", "needs at least one layer, but content-layers is empty",
                Map.of("style-layers", "", "content-layers", ""));
        assertBad("pooling", "use avg or max", Map.of("pooling", "median"));
        assertBad("precision", "use auto, fp32 or bf16", Map.of("precision", "fp16"));
        assertBad("optimizer", "use lbfgs or adam", Map.of("optimizer", "sgd"));
        assertBad("colors", "use style, luminance or histogram", Map.of("colors", "sepia"));
        assertBad("scale-iterations", "counts like 300,300 (coarsest first) or none", Map.of("scale-iterations", "lots"));
        assertBad("scale-iterations", "3 coarser scales would start below 16 pixels at size 64",
                Map.of("size", "64", "scale-iterations", "10,10,10"));
        assertBad("max-memory", "such as 8g or 6000m", Map.of("max-memory", "8"));
        assertBad("threads", "must not be negative", Map.of("threads", "-1"));
        assertBad("style-blend", "must not all be 0", Map.of("style-blend", "0,0"));
    }

    private static void assertBad(String key, String problem, Map<String, String> values) {
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.fromMap(values));
        assertEquals(key, e.setting(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + ": ") && e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void theTypedBuilderThrowsTheSameNamedProblems() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().contentLayers(Map.of("conv9_9", 1.0)).build());
        assertEquals("content-layers", e.setting());
        assertTrue(e.getMessage().contains("conv9_9"), e.getMessage());
        assertFalse(IllegalArgumentException.class.isAssignableFrom(SettingsException.class), "a user's mistake, not a bug");
        assertEquals("optimizer", assertThrows(SettingsException.class, () -> OptimizerKind.parse("sgd")).setting());
        assertEquals("colors", assertThrows(SettingsException.class, () -> Colors.parse("sepia")).setting());
    }

    @Test
    void frontEndsNameEverySettingInAMessageTheirOwnWay() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().size(512).styleScale(0.01).build());
        assertEquals("style-scale", e.setting());
        assertEquals("style-scale: 0.01 makes the style image smaller than 16 pixels at size 512: use a larger"
                + " style-scale or size", e.getMessage());
        assertEquals("--style-scale: 0.01 makes the style image smaller than 16 pixels at --size 512: use a larger"
                + " --style-scale or --size", e.message(k -> "--" + k));
    }

    @Test
    void aSettingsFileRoundTrips() throws IOException {
        Path file = dir.resolve("run.json");
        unusual().writeJson(file);
        assertEquals(unusual(), Settings.readJson(file));
        String json = Files.readString(file);
        assertTrue(json.contains("\"size\" : 300,") && json.contains("\"style-weight\" : 1.0E-5,"),
                "numbers as JSON numbers: " + json);
        assertTrue(json.contains("\"style-layers\" : \"conv1_1,conv3_1\""), json);
        assertEquals(unusual().describe(), SettingsFile.read(file), "the same text as describe()");
        assertEquals(List.of(), List.of(dir.toFile().list()).stream().filter(n -> !n.equals("run.json")).toList(),
                "no temporary file left");
    }

    @Test
    void theStartingImageKeepsItsLocationThroughTextAndTheSettingsFile() throws IOException {
        Settings s = Settings.fromMap(Map.of("init", "runs/start.png"));
        assertEquals("runs/start.png", s.describe().get("init"), "the image it names, not just 'an image'");
        assertEquals(s, Settings.fromMap(s.describe()));
        Path file = dir.resolve("start.json");
        s.writeJson(file);
        assertEquals("runs/start.png", SettingsFile.read(file).get("init"));
        assertEquals(s, Settings.readJson(file));
        assertFalse(s.equals(Settings.fromMap(Map.of("init", "runs/other.png"))), "another image, other settings");
    }

    @Test
    void aHandWrittenFileSetsOnlyWhatItNames() throws IOException {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, "{\"style-weight\": 30, \"size\": \"256\", \"colors\": \"luminance\","
                + " \"style-layers\": \"relu1_1,relu2_1\"}");
        Settings s = Settings.readJson(file);
        assertEquals(Settings.builder().styleWeight(30).size(256).colors(Colors.LUMINANCE)
                .styleLayers(Map.of("conv1_1", 0.5, "conv2_1", 0.5)).build(), s);
    }

    @Test
    void aBadSettingsFileSaysWhatIsWrongInOneLine() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"style-weight\": 30,\n \"colour\": \"red\"}");
        SettingsException unknown = assertThrows(SettingsException.class, () -> Settings.readJson(file));
        assertEquals("colour", unknown.setting());
        assertTrue(unknown.getMessage().contains("style-weight"), "lists the keys: " + unknown.getMessage());

        Files.writeString(file, "{\"style-layers\": [\"conv1_1\"]}");
        SettingsException array = assertThrows(SettingsException.class, () -> SettingsFile.read(file));
        assertEquals("style-layers", array.setting());
        assertTrue(array.getMessage().contains("a string or a number"), array.getMessage());

        for (String text : new String[] {"{\"size\": 256,}", "[256]", "", "{\"size\": 1, \"size\": 2}"}) {
            Files.writeString(file, text);
            IOException e = assertThrows(IOException.class, () -> SettingsFile.read(file), text);
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().contains("bad.json") && !e.getMessage().contains("\n"), e.getMessage());
        }
        assertThrows(IOException.class, () -> SettingsFile.read(dir.resolve("absent.json")));
    }
}
