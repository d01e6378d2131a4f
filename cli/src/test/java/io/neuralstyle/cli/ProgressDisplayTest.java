package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.engine.ImageTerm;
import io.neuralstyle.engine.Losses;
import io.neuralstyle.transfer.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The terminal's time left is the core's (each stage weighed by its arithmetic), not a rate of the
 * display's own: on a coarse-to-fine run the two differ by minutes.
 */
class ProgressDisplayTest {
    private static final Losses LOSSES = new Losses(1, 2, Map.of(), 3, Map.of(), Map.of());

    /** An iteration at which the core says 125 s are left, while the pace so far would say 1 s. */
    private static Progress halfWay(int iteration) {
        return new Progress(iteration, 100, LOSSES, iteration * 0.02, () -> null, null, 2, 125);
    }

    @Test
    void theLogLineShowsTheCoresTimeLeft() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ProgressDisplay display = new ProgressDisplay(100, false, false,
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            display.update(halfWay(1));
            display.update(halfWay(50));
        }
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("iteration 50/100") && log.contains("2 min 05 s left"), log);
    }

    @Test
    void theBarShowsTheCoresTimeLeft() {
        String message = ProgressDisplay.barMessage(halfWay(50));
        assertTrue(message.contains("2 min 05 s left"), message);
    }

    @Test
    void noEstimateYetSaysNothingRatherThanAGuess() {
        Progress first = new Progress(1, 100, LOSSES, 0.5, () -> null);
        String message = ProgressDisplay.barMessage(first);
        assertTrue(!message.contains("left"), message);
    }

    @Test
    void theLossLineNamesEachTermOfTheImageThatIsNotZero() {
        assertEquals("loss 3.000 (content 1.00, style 2.00)", ProgressDisplay.losses(LOSSES));
        Losses smooth = new Losses(1, 2, Map.of(ImageTerm.SMOOTHNESS, 0.5, ImageTerm.TEMPORAL, 0.0), 3, Map.of(),
                Map.of());
        assertEquals("loss 3.000 (content 1.00, style 2.00, tv 0.500)", ProgressDisplay.losses(smooth));
        Losses frame = new Losses(1, 2, Map.of(ImageTerm.SMOOTHNESS, 0.5, ImageTerm.TEMPORAL, 0.25), 3, Map.of(),
                Map.of());
        assertEquals("loss 3.000 (content 1.00, style 2.00, tv 0.500, temporal 0.250)",
                ProgressDisplay.losses(frame));
    }
}
