package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** --max-memory: sizes with units, "auto", and a one-line error that shows the form. */
class MaxMemoryOptionTest {
    @Test
    void sizesWithUnits() {
        assertEquals(8L << 30, TransferCommand.memoryBytes("8g"));
        assertEquals(6000L << 20, TransferCommand.memoryBytes("6000M"));
        assertEquals(1536L << 20, TransferCommand.memoryBytes("1.5g"));
        assertEquals(0, TransferCommand.memoryBytes("auto"));
    }

    @Test
    void aSizeWithoutUnitOrNotPositiveSaysWhatToWrite() {
        for (String bad : new String[] {"8", "0g", "-1g", "lots", "g"}) {
            UserException e = assertThrows(UserException.class, () -> TransferCommand.memoryBytes(bad));
            assertTrue(e.getMessage().contains("such as 8g or 6000m"), e.getMessage());
        }
    }
}
