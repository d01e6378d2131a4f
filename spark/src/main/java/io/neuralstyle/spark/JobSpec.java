package io.neuralstyle.spark;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every task of a batch job needs, broadcast once: where the weights are (never the weights
 * themselves, nor anything of TensorFlow's), the batch's settings as text, the application's id (in
 * the temporary names of its outputs), whether changed outputs are replaced, how often items save
 * checkpoints, and the test hooks. Not
 * the driver's Hadoop configuration: it may hold credentials (fs.s3a.secret.key, ...), and executors
 * build their own, as Spark's own readers do (see {@link SparkHadoopConf}).
 *
 * @param weights     a local path or Hadoop URI of the weights, or null for the usual places
 * @param settings    text by setting key
 * @param application the Spark application's id
 * @param replace     whether an output holding another picture is painted again over it
 * @param checkpointEvery how often an item saves its state beside its output; null for never
 * @param results     the folder each item's result row goes to as soon as it ends (see {@link ResultRows})
 * @param progressEvery how often a running item writes how far it is there
 * @param failOnce    a test hook
 * @param poison      a test hook
 */
record JobSpec(String weights, Map<String, String> settings, String application, boolean replace,
        Duration checkpointEvery, String results, Duration progressEvery, FailOnce failOnce, Poison poison) implements Serializable {
    JobSpec {
        settings = new LinkedHashMap<>(settings);
    }
}
