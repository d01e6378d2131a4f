package io.neuralstyle.spark;

import io.neuralstyle.files.AtomicFile;
import io.neuralstyle.transfer.CheckpointStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * An item's checkpoint beside its output, on the output's file system (OUTPUT.checkpoint, where
 * {@code neural-style batch} keeps it too), so that when an executor is lost part way, the attempt
 * Spark runs on another one goes on from it instead of from iteration 0.
 *
 * <p>A save goes to {@code .OUTPUT.checkpoint.tmp-ATTEMPT} and is renamed over the old checkpoint
 * with {@link FileContext}'s overwriting rename: one step on HDFS and local file systems, so a reader
 * sees the old checkpoint or the new one. Temporary files of killed attempts are removed by age, as
 * the outputs' are ({@link HadoopFiles#removeLeftovers}).
 */
final class HadoopCheckpoint implements CheckpointStore {
    private final Path file;
    private final Path temp;
    private final Configuration conf;
    private final HadoopFiles files;

    /**
     * @param output the item's output, a Hadoop URI
     * @param files  this task attempt's, which name its temporary files and remove killed attempts' ones
     */
    HadoopCheckpoint(String output, Configuration conf, HadoopFiles files) {
        Path out = new Path(output);
        this.file = new Path(out.getParent(), CheckpointStore.besideOutput(out.getName()));
        this.temp = files.temporary(file);
        this.conf = conf;
        this.files = files;
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public InputStream open() throws IOException {
        files.removeLeftovers(file.toString());
        try {
            return fs().open(file);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    @Override
    public void write(AtomicFile.Content content) throws IOException {
        FileSystem fs = fs();
        boolean renamed = false;
        try {
            try (OutputStream out = fs.create(temp, true)) {
                content.writeTo(out);
            }
            FileContext.getFileContext(file.toUri(), conf).rename(temp, file, Options.Rename.OVERWRITE);
            renamed = true;
        } finally {
            if (!renamed) {
                fs.delete(temp, false);
            }
        }
    }

    @Override
    public void delete() throws IOException {
        fs().delete(file, false);
    }

    private FileSystem fs() throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        fs.setWriteChecksum(false);
        return fs;
    }
}
