package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's memory honours its container's cgroup and its share of an executor, not only the host's free memory. */
class ProcessMemoryTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path cgroup;

    @Test
    void cgroupV2LimitLessUsage() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "2147483648\n");
        Files.writeString(cgroup.resolve("memory.current"), "536870912\n");
        assertEquals(GIB * 3 / 2, ProcessMemory.containerAvailableBytes(cgroup));
        Files.writeString(cgroup.resolve("memory.max"), "max\n");
        assertEquals(Long.MAX_VALUE, ProcessMemory.containerAvailableBytes(cgroup), "v2 without a limit");
    }

    @Test
    void cgroupV1LimitLessUsageAndItsUnlimited() throws IOException {
        Path memory = Files.createDirectories(cgroup.resolve("memory"));
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "3221225472\n");
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "1073741824\n");
        assertEquals(2 * GIB, ProcessMemory.containerAvailableBytes(cgroup));
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        assertEquals(Long.MAX_VALUE, ProcessMemory.containerAvailableBytes(cgroup), "v1's 'unlimited'");
        assertEquals(Long.MAX_VALUE, ProcessMemory.containerAvailableBytes(cgroup.resolve("none")), "no cgroup");
    }

    @Test
    void anExecutorsShareBoundsTheAutomaticBudget() {
        Settings auto = Settings.builder().build();
        try {
            ProcessMemory.share(3 * GIB, 2); // a 3 GiB container running two tasks at once
            assertTrue(MemoryEstimate.budget(auto) <= GIB * 3 / 2, "each run gets at most its half");
            assertEquals(Runtime.getRuntime().maxMemory() / 2, ProcessMemory.heapBytes(), "and half the heap");
            Settings given = Settings.builder().maxMemoryBytes(5 * GIB).build();
            assertEquals(5 * GIB, MemoryEstimate.budget(given), "--max-memory given still stands");
        } finally {
            ProcessMemory.share(Long.MAX_VALUE, 1);
        }
    }
}
