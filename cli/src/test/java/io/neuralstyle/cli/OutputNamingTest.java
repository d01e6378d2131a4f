package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neuralstyle.batch.Manifest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A painting run by hand and the same one in a batch get the same default name. */
class OutputNamingTest {
    @Test
    void theCommandLineAndTheBatchNameAResultAlike() {
        Path out = OutputFiles.resolveOutput(null, Path.of("in/photo.jpg"), Path.of("art/starry.night.png"));
        String batch = Manifest.pairs(List.of("in/photo.jpg"), List.of("art/starry.night.png"), name -> name)
                .get(0).output();
        assertEquals("photo-starry.night.png", out.toString());
        assertEquals(out.toString(), batch);
    }
}
