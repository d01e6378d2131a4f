package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Preprocessing;
import io.neuralstyle.model.Vgg19;
import io.neuralstyle.model.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run request is checked when it is built, before any weights are read or any network is made:
 * each problem has a kind a front end can word in its own vocabulary, and the core's own words name
 * no option of the command line.
 */
class RunRequestTest {
    private static final Settings PLAIN = Settings.builder().build();
    private static final Image A = new Image(4, 4, new float[48]);

    @TempDir
    Path dir;

    private static RunRequestException refused(RunRequest.Builder request) {
        RunRequestException e = assertThrows(RunRequestException.class, request::build);
        assertFalse(e.getMessage().contains("--"), "the core names no command-line option: " + e.getMessage());
        return e;
    }

    @Test
    void eachMissingImageHasItsKind() {
        assertEquals(RunRequestException.Kind.NO_CONTENT, refused(RunRequest.builder(PLAIN).style(A)).kind());
        assertEquals(RunRequestException.Kind.NO_STYLE, refused(RunRequest.builder(PLAIN).content(A)).kind());
        Settings fromFile = PLAIN.toBuilder().init(Init.image("earlier.png")).build();
        RunRequestException e = refused(RunRequest.builder(fromFile).content(A).style(A));
        assertEquals(RunRequestException.Kind.NO_INIT_IMAGE, e.kind());
        assertTrue(e.getMessage().contains("earlier.png"), e.getMessage());
        Settings texture = PLAIN.toBuilder().contentLayers(Map.of()).build();
        assertEquals(RunRequestException.Kind.INIT_CONTENT_WITHOUT_CONTENT,
                refused(RunRequest.builder(texture.toBuilder().init(Init.CONTENT).build()).style(A)).kind());
        assertEquals(RunRequestException.Kind.COLORS_WITHOUT_CONTENT,
                refused(RunRequest.builder(texture.toBuilder().colors(Colors.LUMINANCE).build()).style(A)).kind());
        RunRequest.builder(texture).style(A).build();
        RunRequest.builder(fromFile).content(A).style(A).init(A).build();
    }

    @Test
    void paintingsMasksAndBlendAreCheckedByTheOneCheck() {
        StyleInputException e = assertThrows(StyleInputException.class, () -> RunRequest.builder(PLAIN).content(A)
                .styles(List.of(StyleImage.masked(A, A), StyleImage.of(A))).build());
        assertEquals(StyleInputException.Kind.MASK_COUNT, e.kind());
    }

    @Test
    void aVideoFrameKeepsNoCheckpointOfItsOwn() {
        TemporalGuide guide = new TemporalGuide(1, List.of(new TemporalGuide.Frame(A, A)));
        RunRequestException e = refused(RunRequest.builder(PLAIN).content(A).style(A).guide(guide)
                .checkpoint(dir.resolve("frame.checkpoint"), Duration.ofSeconds(1)));
        assertEquals(RunRequestException.Kind.CHECKPOINTED_FRAME, e.kind());
    }

    @Test
    void theCheckpointBelongsToTheRequest() throws Exception {
        Path file = dir.resolve("run.checkpoint");
        Files.writeString(file, "state");
        RunRequest request = RunRequest.builder(PLAIN).content(A).style(A).checkpoint(file, null).build();
        assertEquals(CheckpointStore.file(file), request.checkpoint());
        assertEquals(RunRequest.DEFAULT_CHECKPOINT_INTERVAL, request.checkpointInterval());
        request.discardCheckpoint();
        assertFalse(Files.exists(file));
        assertNull(RunRequest.builder(PLAIN).content(A).style(A).build().checkpoint());
        assertThrows(IllegalArgumentException.class,
                () -> RunRequest.builder(PLAIN).checkpoint(file, Duration.ZERO));
    }

    @Test
    void aTransferRunsOnlyRequestsCheckedAgainstItsSettings() {
        String layer = Vgg19.LAYERS.get(0);
        int out = Vgg19.outChannels(layer);
        Weights zeros = new Weights(Map.of(layer, new float[9 * Vgg19.inChannels(layer) * out]),
                Map.of(layer, new float[out]), Preprocessing.CAFFE, "zeros");
        StyleTransfer transfer = StyleTransfer.builder().weights(zeros).settings(PLAIN).build();
        RunRequest other = RunRequest.builder(PLAIN.toBuilder().styleWeight(30).build()).content(A).style(A).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> transfer.run(other));
        assertTrue(e.getMessage().contains("request()"), e.getMessage());
    }
}
