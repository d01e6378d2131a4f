package io.neuralstyle.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What every task of a batch job needs, broadcast once: where the weights are (never the weights
 * themselves, nor anything of TensorFlow's), the batch's settings as text, the driver's Hadoop
 * configuration (file systems, credentials) and the test hook.
 *
 * @param weights  a local path or Hadoop URI of the weights, or null for the usual places
 * @param settings text by setting key
 * @param hadoop   the Hadoop configuration's entries
 * @param failOnce the test hook
 */
record JobSpec(String weights, Map<String, String> settings, Map<String, String> hadoop, FailOnce failOnce)
        implements Serializable {
    JobSpec {
        settings = new LinkedHashMap<>(settings);
        hadoop = new LinkedHashMap<>(hadoop);
    }

    static Map<String, String> entries(Configuration conf) {
        Map<String, String> out = new LinkedHashMap<>();
        conf.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    Configuration hadoopConfiguration() {
        Configuration conf = new Configuration(false);
        hadoop.forEach(conf::set);
        return conf;
    }
}
