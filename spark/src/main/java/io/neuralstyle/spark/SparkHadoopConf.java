package io.neuralstyle.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * The Hadoop configuration as Spark makes its own, on an executor or before the driver starts: the site files
 * on the executor's class path ({@code HADOOP_CONF_DIR}), then every {@code spark.hadoop.KEY} of the
 * application's Spark configuration as {@code KEY}. Nothing of the driver's own Hadoop configuration
 * travels, so credentials reach executors only the ways a cluster gives them (its site files, the
 * {@code spark.hadoop.*} options of spark-submit, instance roles).
 */
final class SparkHadoopConf {
    private static final String PREFIX = "spark.hadoop.";

    private SparkHadoopConf() {
    }

    static Configuration configuration() {
        SparkEnv env = SparkEnv.get();
        return configuration(env == null ? new SparkConf() : env.conf());
    }

    static Configuration configuration(SparkConf spark) {
        Configuration conf = new Configuration();
        for (Tuple2<String, String> e : spark.getAll()) {
            if (e._1().startsWith(PREFIX)) {
                conf.set(e._1().substring(PREFIX.length()), e._2());
            }
        }
        return conf;
    }
}
