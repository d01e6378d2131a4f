package io.neuralstyle.spark;

import io.neuralstyle.batch.BatchItem;
import io.neuralstyle.batch.BatchReport;
import io.neuralstyle.batch.ItemResult;
import io.neuralstyle.files.AtomicFile;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The results of one application as they come: each task writes its item's row, as soon as the item
 * ends, to a file of its own in {@code OUTPUT-DIR/.neural-style-results/APPLICATION/} (a one-row CSV
 * with results.csv's header, renamed into place when whole). The driver makes the table from them at
 * the end, or when the job is aborted, so that a job that did not run to its end still leaves the
 * rows of what it finished; a driver killed outright leaves the folder itself ({@code cat *.csv}).
 * A running item's task also writes, every so often, how far it is (a {@code .progress} file beside).
 */
final class ResultRows {
    static final String FOLDER = ".neural-style-results";

    private ResultRows() {
    }

    /** The folder of one application's rows. */
    static Path folder(Path outputDir, String application) {
        return new Path(new Path(outputDir, FOLDER), application);
    }

    private static final String PROGRESS = ".progress";
    private static final List<String> PROGRESS_COLUMNS = List.of("output", "iteration", "iterations", "seconds",
            "seconds_left");

    /** Writes one item's row (on an executor); a retried attempt's row replaces its earlier one. */
    static void write(ItemResult result, String folder, Configuration conf) {
        replace(new Path(folder), fileName(result.item(), ".csv"), out -> BatchReport.write(List.of(result), out),
                "the result of " + result.item().name(), conf);
    }

    /** Writes how far a running item is (on an executor), replacing what its task wrote before. */
    static void writeProgress(ItemProgress p, String folder, Configuration conf) {
        replace(new Path(folder), fileName(p.item(), PROGRESS), out -> {
            try (CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                    CSVFormat.DEFAULT.builder().setHeader(PROGRESS_COLUMNS.toArray(String[]::new)).get())) {
                csv.printRecord(p.item().output(), p.iteration(), p.iterations(), p.seconds(), p.secondsLeft());
            }
        }, "the progress of " + p.item().name(), conf);
    }

    /** The progress the tasks of running (or lost) items last wrote, by output; items that wrote none are absent. */
    static Map<String, ItemProgress> readProgress(List<BatchItem> items, Path folder, Configuration conf)
            throws IOException {
        Map<String, BatchItem> byOutput = new HashMap<>();
        items.forEach(i -> byOutput.put(i.output(), i));
        Map<String, ItemProgress> found = new HashMap<>();
        for (CSVRecord r : records(folder, PROGRESS, conf)) {
            BatchItem item = byOutput.get(r.get("output"));
            if (item != null) {
                found.put(item.output(), new ItemProgress(item, Integer.parseInt(r.get("iteration")),
                        Integer.parseInt(r.get("iterations")), Double.parseDouble(r.get("seconds")),
                        Double.parseDouble(r.get("seconds_left"))));
            }
        }
        return found;
    }

    private static String fileName(BatchItem item, String extension) {
        return UUID.nameUUIDFromBytes(item.output().getBytes(StandardCharsets.UTF_8)) + extension;
    }

    /** Writes {@code dir/name} under a temporary name, then renames it over the old one. */
    private static void replace(Path dir, String name, AtomicFile.Content content, String what, Configuration conf) {
        Path target = new Path(dir, name);
        Path temp = new Path(dir, "." + name + HadoopFiles.TEMP_INFIX + UUID.randomUUID());
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs.setWriteChecksum(false);
            try (OutputStream out = fs.create(temp, true)) {
                content.writeTo(out);
            }
            fs.delete(target, false);
            if (!fs.rename(temp, target)) {
                throw new IOException("could not rename " + temp + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + " to " + dir, e);
        }
    }

    /** The rows of every whole file of one kind in the folder. */
    private static List<CSVRecord> records(Path folder, String extension, Configuration conf) throws IOException {
        List<CSVRecord> records = new ArrayList<>();
        FileSystem fs = folder.getFileSystem(conf);
        if (fs.exists(folder)) {
            for (FileStatus f : fs.listStatus(folder, p -> p.getName().endsWith(extension) && !p.getName().startsWith("."))) {
                try (Reader in = new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8)) {
                    records.addAll(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)
                            .getRecords());
                }
            }
        }
        return records;
    }

    /** Deletes one application's rows once its table is written, and their parent when no other job's are left. */
    static void remove(Path folder, Configuration conf) throws IOException {
        FileSystem fs = folder.getFileSystem(conf);
        fs.delete(folder, true);
        Path parent = folder.getParent();
        if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
            fs.delete(parent, false);
        }
    }

    /** Every item's result: its row where one was written, else {@link ItemResult.Status#PENDING}. */
    static List<ItemResult> read(List<BatchItem> items, Path folder, Configuration conf) throws IOException {
        Map<String, BatchItem> byOutput = new HashMap<>();
        items.forEach(i -> byOutput.put(i.output(), i));
        Map<String, ItemResult> found = new HashMap<>();
        for (CSVRecord r : records(folder, ".csv", conf)) {
            BatchItem item = byOutput.get(r.get("output"));
            if (item != null) {
                found.put(item.output(), new ItemResult(item,
                        ItemResult.Status.valueOf(r.get("status").toUpperCase(Locale.ROOT)),
                        Double.parseDouble(r.get("seconds")),
                        r.get("loss").isEmpty() ? Double.NaN : Double.parseDouble(r.get("loss")),
                        r.get("message")));
            }
        }
        List<ItemResult> results = new ArrayList<>();
        items.forEach(i -> results.add(found.getOrDefault(i.output(), ItemResult.pending(i))));
        return results;
    }
}
