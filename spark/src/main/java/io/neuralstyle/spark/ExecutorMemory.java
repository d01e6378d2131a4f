package io.neuralstyle.spark;

import io.neuralstyle.transfer.ProcessMemory;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * Tells the core what memory an executor's tasks share, from Spark's own settings: the executor's
 * container holds its heap ({@code spark.executor.memory}) and its overhead
 * ({@code spark.executor.memoryOverhead}, by Spark's default the larger of 10% of the heap and 384
 * MiB), and runs {@code spark.executor.cores / spark.task.cpus} tasks at once. The core decides each
 * run's budget from these facts ({@link ProcessMemory}). In local mode there is no container: the
 * machine's and the cgroup's figures stand.
 */
final class ExecutorMemory {
    private static final long MIB = 1L << 20;
    /** Spark's defaults for the overhead: spark.executor.memoryOverheadFactor and spark.executor.minMemoryOverhead. */
    private static final double OVERHEAD_FACTOR = 0.10;
    private static final long MIN_OVERHEAD_MIB = 384;

    private ExecutorMemory() {
    }

    static void declare() {
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            declare(env.conf(), Runtime.getRuntime().availableProcessors());
        }
    }

    static void declare(SparkConf conf, int processors) {
        if (conf.get("spark.master", "local").startsWith("local")) {
            return;
        }
        long heapMib = conf.getSizeAsMb("spark.executor.memory", "1g");
        long overheadMib = conf.contains("spark.executor.memoryOverhead")
                ? conf.getSizeAsMb("spark.executor.memoryOverhead", "0")
                : Math.max(MIN_OVERHEAD_MIB, (long) (conf.getDouble("spark.executor.memoryOverheadFactor",
                        OVERHEAD_FACTOR) * heapMib));
        // Standalone gives an executor all of a worker's cores unless spark.executor.cores says otherwise.
        int cores = conf.getInt("spark.executor.cores", processors);
        int tasks = Math.max(1, cores / Math.max(1, conf.getInt("spark.task.cpus", 1)));
        ProcessMemory.share((heapMib + overheadMib) * MIB, tasks);
    }
}
