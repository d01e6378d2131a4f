package io.neuralstyle.spark;

import io.neuralstyle.batch.ItemFiles;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A batch's images on any file system Hadoop reads (local, HDFS, S3, ...). Images pass through a
 * local temporary file, so that the core reads and writes them as it does on the command line.
 *
 * <p>An output is written under a temporary name that includes the application and the task attempt,
 * then renamed: a
 * retried or speculative attempt never leaves a partial file, and when two attempts of the same item
 * finish, the second finds the output in place and drops its own copy (both are the same run's).
 */
final class HadoopFiles implements ItemFiles {
    /** What every temporary name of an output starts with, after a dot: ".NAME.tmp-". */
    static final String TEMP_INFIX = ".tmp-";
    /** How old a temporary output must be to be taken for a killed attempt's: far beyond any copy's time. */
    static final java.time.Duration LEFTOVER_AGE = java.time.Duration.ofHours(1);

    private final Configuration conf;
    private final String attempt;
    private final FailOnce failOnce;

    /**
     * @param attempt  names this task attempt in temporary file names
     * @param failOnce the test hook, or {@link FailOnce#NEVER}
     */
    HadoopFiles(Configuration conf, String attempt, FailOnce failOnce) {
        this.conf = conf;
        this.attempt = attempt;
        this.failOnce = failOnce;
    }

    @Override
    public Image readImage(String location) {
        java.nio.file.Path local = localCopy(location);
        try {
            return ImageReader.read(local);
        } catch (ImageException e) {
            // The message names the temporary copy: name the user's file instead.
            throw new ImageException(e.getMessage().replace(local.toString(), location), e);
        } finally {
            deleteQuietly(local);
        }
    }

    @Override
    public Optional<Map<String, String>> outputText(String location) {
        Path path = new Path(location);
        try {
            if (!fs(path).exists(path)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.nio.file.Path local = localCopy(location);
        try {
            return Optional.of(ImageWriter.readPngText(local));
        } catch (ImageException e) {
            return Optional.empty(); // not a whole result: painted again and replaced
        } finally {
            deleteQuietly(local);
        }
    }

    @Override
    public void writeOutput(Image image, Map<String, String> text, String location) {
        Path target = new Path(location);
        Path temp = temporary(target);
        java.nio.file.Path local = null;
        boolean renamed = false;
        try {
            FileSystem fs = fs(target);
            local = Files.createTempFile("neural-style-out", ".png");
            ImageWriter.writePng(image, local, text);
            fs.mkdirs(target.getParent());
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), temp);
            failOnce.maybeFail(target.getName());
            renamed = fs.rename(temp, target);
            if (!renamed && !fs.exists(target)) {
                throw new IOException("could not rename " + temp + " to " + target);
            }
            // Not renamed with the target there: another attempt at this item finished first.
        } catch (IOException e) {
            throw new ImageException(location + ": could not write the result (" + e.getMessage()
                    + "); check that the output folder can be written", e);
        } finally {
            if (!renamed) {
                deleteQuietly(temp);
            }
            if (local != null) {
                deleteQuietly(local);
            }
        }
    }

    /** Where this attempt writes {@code target} before renaming it: {@code .NAME.tmp-ATTEMPT} beside it. */
    Path temporary(Path target) {
        return new Path(target.getParent(), "." + target.getName() + TEMP_INFIX + attempt);
    }

    @Override
    public boolean same(String a, String b) {
        Path pa = new Path(a);
        Path pb = new Path(b);
        try {
            return fs(pa).makeQualified(pa).equals(fs(pb).makeQualified(pb));
        } catch (IOException e) {
            return pa.equals(pb);
        }
    }

    @Override
    public boolean exists(String location) {
        Path path = new Path(location);
        try {
            return fs(path).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * No lock works across a cluster's file systems (HDFS and S3 have none), so a temporary output is
     * taken for a dead writer's by its age: a live attempt's lives only from its copy to its rename,
     * seconds, while a killed attempt's stays. Those older than {@link #LEFTOVER_AGE} are deleted;
     * another running job's (or attempt's) are left alone.
     */
    @Override
    public void removeLeftovers(String location) {
        Path target = new Path(location);
        String prefix = "." + target.getName() + TEMP_INFIX;
        long before = System.currentTimeMillis() - LEFTOVER_AGE.toMillis();
        try {
            FileSystem fs = fs(target);
            if (!fs.exists(target.getParent())) {
                return;
            }
            for (FileStatus f : fs.listStatus(target.getParent(), p -> p.getName().startsWith(prefix))) {
                if (f.isFile() && f.getModificationTime() < before) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new ImageException("cannot tidy the folder of " + location + " (" + e.getMessage()
                    + "): check that it can be written", e);
        }
    }

    private java.nio.file.Path localCopy(String location) {
        Path path = new Path(location);
        try (InputStream in = fs(path).open(path)) {
            java.nio.file.Path local = Files.createTempFile("neural-style-in", ".img");
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            return local;
        } catch (FileNotFoundException e) {
            throw new ImageException(location + ": no such file; check the manifest's path");
        } catch (IOException e) {
            throw new ImageException(location + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    private FileSystem fs(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        // No .NAME.crc beside every output on the local file system: a PNG has its own checksums.
        fs.setWriteChecksum(false);
        return fs;
    }

    private void deleteQuietly(Path p) {
        try {
            fs(p).delete(p, false);
        } catch (IOException ignored) {
            // a leftover the next job removes
        }
    }

    private static void deleteQuietly(java.nio.file.Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file in the system's temporary folder
        }
    }
}
