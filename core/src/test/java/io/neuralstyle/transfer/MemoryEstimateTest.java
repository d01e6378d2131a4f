package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {
    private static final long GB = 1L << 30;
    private static final Settings DEFAULTS = Settings.builder().build();

    @Test
    void networkShareFollowsWhatTheBenchmarkMeasured() {
        // Peak resident memory of `neural-style bench` on this project's machine (see the class doc).
        double[][] measured = {{256, 1.52}, {512, 2.03}, {768, 2.93}, {1024, 4.34}};
        for (double[] m : measured) {
            int side = (int) m[0];
            double estimate = MemoryEstimate.of(side, side, DEFAULTS).networkBytes() / (double) GB;
            assertEquals(m[1], estimate, 0.15 * m[1], "network memory at " + side + " px");
        }
    }

    @Test
    void lbfgsHistoryIsTwoImagesPerPair() {
        Settings few = Settings.builder().lbfgsHistory(10).build();
        long image = 4L * 3 * 512 * 512;
        long difference = MemoryEstimate.of(512, 512, DEFAULTS).optimizerBytes()
                - MemoryEstimate.of(512, 512, few).optimizerBytes();
        assertEquals(2 * 90 * image, difference);
    }

    @Test
    void aSizeThatFitsPasses() {
        assertDoesNotThrow(() -> MemoryEstimate.check(512, 384, DEFAULTS, 20 * GB, 6 * GB));
    }

    @Test
    void aSizeThatCannotFitIsRefusedWithASizeThatWould() {
        TransferException e = assertThrows(TransferException.class,
                () -> MemoryEstimate.check(2048, 1536, DEFAULTS, 20 * GB, 6 * GB));
        String message = e.getMessage();
        assertTrue(message.startsWith("a 2048x1536 image needs about "), message);
        assertTrue(message.contains("--lbfgs-history"), "the optimizer's heap is the limit here: " + message);
        Matcher m = Pattern.compile("--size (\\d+) or less").matcher(message);
        assertTrue(m.find(), message);
        int suggested = Integer.parseInt(m.group(1));
        assertTrue(suggested < 2048 && suggested > 256, message);
        int w = suggested;
        int h = (int) Math.round(1536.0 * suggested / 2048);
        assertDoesNotThrow(() -> MemoryEstimate.check(w, h, DEFAULTS, 20 * GB, 6 * GB), "the suggestion fits");
    }

    @Test
    void largeImagesKeepFewerLbfgsPairsSoThatTheNetworkStillFits() {
        // 512x384: 2.4 MB per array, 100 pairs take 0.5 GB: all kept.
        assertEquals(100, MemoryEstimate.historyThatFits(512, 384, DEFAULTS, 8 * GB, 6 * GB));
        // 2048x1536: 37.7 MB per array; a quarter of 8 GB holds 56 arrays, so 25 pairs.
        assertEquals(25, MemoryEstimate.historyThatFits(2048, 1536, DEFAULTS, 8 * GB, 6 * GB));
        // A small heap is the limit: 0.9 x 1 GB holds 25 arrays, so 9 pairs.
        assertEquals(9, MemoryEstimate.historyThatFits(2048, 1536, DEFAULTS, 8 * GB, GB));
        // Never below 5: a size that cannot keep 5 pairs is refused by check instead.
        assertEquals(5, MemoryEstimate.historyThatFits(8192, 6144, DEFAULTS, 8 * GB, 6 * GB));
        // Never above what was asked for.
        Settings ten = Settings.builder().lbfgsHistory(10).build();
        assertEquals(10, MemoryEstimate.historyThatFits(512, 384, ten, 8 * GB, 6 * GB));
    }

    @Test
    void theTargetsWholeImagePassBoundsTheLargestSize() {
        // Measured: 3.65 GB peak computing the targets at 2048x1536.
        assertEquals(3.65, MemoryEstimate.targetBytes(2048, 1536, DEFAULTS) / (double) GB, 0.15 * 3.65);
        Settings five = Settings.builder().lbfgsHistory(5).build();
        assertDoesNotThrow(() -> MemoryEstimate.check(2048, 1536, five, 8 * GB, 6 * GB));
        // At 4096x3072 tiles and 5 pairs would fit, but the targets' pass would not.
        TransferException e = assertThrows(TransferException.class,
                () -> MemoryEstimate.check(4096, 3072, five, 8 * GB, 6 * GB));
        assertTrue(e.getMessage().contains("--size"), e.getMessage());
    }
}
