package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.transfer.SettingsException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --max-memory: sizes with units, "auto", and a one-line error that shows the form. */
class MaxMemoryOptionTest {
    /** The bytes --max-memory gives a run's settings. */
    private static long memoryBytes(String text) {
        TransferCommand command = new TransferCommand();
        new CommandLine(command).parseArgs("--content", "a.jpg", "--style", "b.jpg", "--max-memory", text);
        return command.settings().maxMemoryBytes();
    }

    @Test
    void sizesWithUnits() {
        assertEquals(8L << 30, memoryBytes("8g"));
        assertEquals(6000L << 20, memoryBytes("6000M"));
        assertEquals(1536L << 20, memoryBytes("1.5g"));
        assertEquals(0, memoryBytes("auto"));
    }

    @Test
    void aSizeWithoutUnitOrNotPositiveSaysWhatToWrite() {
        for (String bad : new String[] {"8", "0g", "-1g", "lots", "g"}) {
            SettingsException e = assertThrows(SettingsException.class, () -> memoryBytes(bad));
            assertTrue(e.getMessage().contains("such as 8g or 6000m"), e.getMessage());
        }
    }
}
