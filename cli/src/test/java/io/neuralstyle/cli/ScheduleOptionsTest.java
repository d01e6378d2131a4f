package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.engine.Precision;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.SettingsException;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --scale-iterations and --precision as a user writes them, and what the settings then hold. */
class ScheduleOptionsTest {
    private static Settings parse(String... args) {
        TransferCommand command = new TransferCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void defaultsDependOnTheSize() {
        Settings at512 = parse("--content", "a.jpg", "--style", "b.jpg");
        assertEquals(List.of(300, 300), at512.scaleIterations());
        assertEquals(100, at512.iterations());
        assertEquals(Precision.fastest(), at512.precision());
        Settings at256 = parse("--content", "a.jpg", "--style", "b.jpg", "--size", "256");
        assertEquals(List.of(), at256.scaleIterations());
        assertEquals(500, at256.iterations());
    }

    @Test
    void noneGivesThePapersSingleScaleAndCountsAreTakenAsGiven() {
        Settings none = parse("--content", "a.jpg", "--style", "b.jpg", "--scale-iterations", "none");
        assertEquals(List.of(), none.scaleIterations());
        assertEquals(500, none.iterations());
        Settings given = parse("--content", "a.jpg", "--style", "b.jpg", "--scale-iterations", "200",
                "--iterations", "50", "--precision", "fp32");
        assertEquals(List.of(200), given.scaleIterations());
        assertEquals(50, given.iterations());
        assertEquals(Precision.FP32, given.precision());
    }

    @Test
    void badValuesSayWhatToWrite() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> parse("--content", "a.jpg", "--style", "b.jpg", "--scale-iterations", "lots"));
        assertTrue(e.getMessage().contains("like 300,300"), e.getMessage());
        SettingsException p = assertThrows(SettingsException.class,
                () -> parse("--content", "a.jpg", "--style", "b.jpg", "--precision", "fp16"));
        assertTrue(p.getMessage().contains("use auto, fp32 or bf16"), p.getMessage());
    }
}
