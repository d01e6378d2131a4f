package io.neuralstyle.spark;

import io.neuralstyle.model.ModelStore;
import io.neuralstyle.model.Weights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The network's weights, read once per executor JVM and shared by every task it runs (they are
 * read-only): the job broadcasts only where they are, never the weights' objects or anything of
 * TensorFlow's, which cannot travel between JVMs.
 */
final class ExecutorWeights {
    private static Weights weights;
    private static String loadedFrom;

    private ExecutorWeights() {
    }

    /**
     * The weights at {@code location}: a local path, any Hadoop URI (copied to a local folder first),
     * or null for the usual places ($NEURAL_STYLE_WEIGHTS, the cache; see {@link ModelStore}).
     */
    static synchronized Weights get(String location, Configuration conf) {
        String key = String.valueOf(location);
        if (weights == null || !key.equals(loadedFrom)) {
            weights = ModelStore.defaults().resolve(location == null ? null : local(location, conf));
            loadedFrom = key;
        }
        return weights;
    }

    private static Path local(String location, Configuration conf) {
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(location);
        String scheme = remote.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            return Path.of(remote.toUri().getPath());
        }
        try {
            Path dir = Files.createTempDirectory("neural-style-weights");
            FileSystem fs = remote.getFileSystem(conf);
            fs.copyToLocalFile(false, remote, new org.apache.hadoop.fs.Path(dir.toUri()), true);
            return dir.resolve(remote.getName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the weights from " + location + " to this executor", e);
        }
    }
}
