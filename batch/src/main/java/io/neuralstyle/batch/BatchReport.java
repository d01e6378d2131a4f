package io.neuralstyle.batch;

import io.neuralstyle.files.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The results of a batch as a CSV table: one row per item, with its status, time, final loss and
 * reason. A front end writes it again, whole, after every item (items not reached yet are
 * {@code pending}), so that a batch killed at any moment leaves the table of what it finished.
 */
public final class BatchReport {
    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("item", "content", "style", "output", "status", "seconds",
            "loss", "message");

    private BatchReport() {
    }

    /** Writes the table to {@code file}, all at once: a reader sees the last whole table, never a part. */
    public static void write(List<ItemResult> results, Path file) throws IOException {
        AtomicFile.write(file, out -> write(results, out));
    }

    /** Writes the table to {@code out}, UTF-8, without closing it. */
    public static void write(List<ItemResult> results, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new))
                .get());
        for (ItemResult r : results) {
            csv.printRecord(r.item().name(), r.item().content(), r.item().style(), r.item().output(),
                    r.status().text(), String.format(Locale.ROOT, "%.1f", r.seconds()),
                    Double.isNaN(r.loss()) ? "" : String.format(Locale.ROOT, "%.6g", r.loss()), r.message());
        }
        csv.flush();
        w.flush();
    }
}
