package io.neuralstyle.transfer;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory this process has for one run, from facts: the machine's free memory, the limit of the
 * container it runs in (a cgroup: what YARN, Kubernetes or Docker kill it beyond), and, where a front
 * end runs several runs at once in one process under a limit it knows (a Spark executor:
 * {@code spark.executor.memory} plus its overhead, shared by its concurrent tasks), that share. The
 * front end only states the facts ({@link #share}); {@link MemoryEstimate#budget} decides with them.
 */
public final class ProcessMemory {
    /** Where a container's cgroup files are (the container sees its own cgroup at the root). */
    static final Path CGROUP = Path.of("/sys/fs/cgroup");
    /** A cgroup v1 limit this large means none (the kernel's "unlimited" rounded to its page size). */
    private static final long NO_LIMIT = 1L << 60;

    private static volatile long processLimitBytes = Long.MAX_VALUE;
    private static volatile int concurrentRuns = 1;

    private ProcessMemory() {
    }

    /**
     * Says that this process runs up to {@code runs} runs at once and may use {@code limitBytes} in all
     * (heap and native memory), e.g. a Spark executor's container. Each run then gets its share.
     */
    public static void share(long limitBytes, int runs) {
        if (limitBytes <= 0 || runs < 1) {
            throw new IllegalArgumentException("a share of " + limitBytes + " bytes among " + runs + " runs");
        }
        processLimitBytes = limitBytes;
        concurrentRuns = runs;
    }

    /** The memory one run may take now: the least of the machine's, the container's and its share. */
    static long availableBytes() {
        long share = processLimitBytes == Long.MAX_VALUE ? Long.MAX_VALUE : processLimitBytes / concurrentRuns;
        return Math.min(share, Math.min(machineAvailableBytes(), containerAvailableBytes(CGROUP)));
    }

    /** The Java heap one run may take: the JVM's maximum, shared by the runs at once. */
    static long heapBytes() {
        return Runtime.getRuntime().maxMemory() / concurrentRuns;
    }

    /**
     * What the container's cgroup still allows: its limit less its usage, by cgroup v2's
     * {@code memory.max} and {@code memory.current} or v1's {@code memory/memory.limit_in_bytes} and
     * {@code memory.usage_in_bytes} (usage counts the page cache, so this errs low); no limit where
     * there is no cgroup or it sets none.
     */
    static long containerAvailableBytes(Path cgroup) {
        long v2 = limitLessUsage(cgroup.resolve("memory.max"), cgroup.resolve("memory.current"));
        if (v2 != Long.MAX_VALUE) {
            return v2;
        }
        return limitLessUsage(cgroup.resolve("memory/memory.limit_in_bytes"),
                cgroup.resolve("memory/memory.usage_in_bytes"));
    }

    private static long limitLessUsage(Path limitFile, Path usageFile) {
        try {
            String limit = Files.readString(limitFile).strip();
            if (limit.equals("max")) {
                return Long.MAX_VALUE;
            }
            long bytes = Long.parseLong(limit);
            if (bytes >= NO_LIMIT) {
                return Long.MAX_VALUE;
            }
            long used = Files.exists(usageFile) ? Long.parseLong(Files.readString(usageFile).strip()) : 0;
            return Math.max(0, bytes - used);
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE; // no such cgroup file: not in a container, or not Linux
        }
    }

    /**
     * Linux's MemAvailable (free memory plus what the page cache would give back); elsewhere (macOS,
     * Windows) the JVM's figure for free memory, which leaves the cache out and so errs low.
     */
    static long machineAvailableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.trim().split("\\s+")[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: below
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return Long.MAX_VALUE;
    }
}
