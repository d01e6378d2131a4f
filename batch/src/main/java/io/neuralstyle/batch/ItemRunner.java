package io.neuralstyle.batch;

import io.neuralstyle.files.ErrorText;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.CheckpointMismatchException;
import io.neuralstyle.transfer.CheckpointStore;
import io.neuralstyle.transfer.Fingerprint;
import io.neuralstyle.transfer.Init;
import io.neuralstyle.transfer.Listener;
import io.neuralstyle.transfer.Result;
import io.neuralstyle.transfer.RunRequest;
import io.neuralstyle.transfer.RunRequestException;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.SettingsException;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.transfer.StyleInputException;
import io.neuralstyle.transfer.StyleTransfer;
import io.neuralstyle.transfer.TransferException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Paints the items of a batch one at a time on weights read once: the one driver that both the
 * {@code neural-style batch} command and the Spark job run, so that they skip, resume, fail and
 * write alike.
 *
 * <p>An item whose output already carries the {@link Fingerprint} of its settings and inputs is
 * skipped without running. Otherwise it is painted (going on from its checkpoint, if it has one of
 * the same run; one of another run is discarded, the item painted again) and its output written
 * all at once with that fingerprint. An item that cannot be painted (an unreadable image, a setting
 * of its row that cannot be used, a size that cannot fit, a diverged run) ends as
 * {@link ItemResult.Status#FAILED} with its one-line reason; anything else is a bug and is thrown.
 */
public final class ItemRunner {
    /** The PNG text chunk holding the digest of the fingerprint a result was made with. */
    public static final String FINGERPRINT_KEY = "neural-style.fingerprint";

    private final Weights weights;
    private final Map<String, String> settings;
    private final ItemFiles files;
    private final BiFunction<BatchItem, Settings, Map<String, String>> resultText;
    private final Function<BatchItem, CheckpointStore> checkpoints;
    private final Duration checkpointInterval;
    private final Consumer<String> notes;
    private final boolean replace;

    /**
     * @param weights            the network, shared by every item
     * @param settings           the batch's settings as text by key (a row's overrides go over them)
     * @param files              where the images are read and the outputs written
     * @param resultText         the text chunks a front end writes into each output (its settings, a
     *                           command that makes it again); the fingerprint is added to them
     * @param checkpoints        where an item keeps its checkpoint, or null for none
     * @param checkpointInterval how often a checkpoint is saved
     * @param notes              told what a run decided that the user should know, one line each
     * @param replace            whether an output that holds another picture (made with other settings or
     *                           inputs, or not a result at all) is painted again over it; without it such an
     *                           item fails, the old picture kept, so that a changed setting never silently
     *                           replaces finished work
     */
    public ItemRunner(Weights weights, Map<String, String> settings, ItemFiles files,
            BiFunction<BatchItem, Settings, Map<String, String>> resultText,
            Function<BatchItem, CheckpointStore> checkpoints, Duration checkpointInterval, Consumer<String> notes,
            boolean replace) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.settings = Map.copyOf(settings);
        this.files = Objects.requireNonNull(files, "files");
        this.resultText = Objects.requireNonNull(resultText, "resultText");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.checkpointInterval = Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        this.notes = Objects.requireNonNull(notes, "notes");
        this.replace = replace;
    }

    /** The settings of one item: the batch's, then its row's overrides. */
    public Settings settingsOf(BatchItem item) {
        return Settings.builder().set(settings).set(item.overrides()).build();
    }

    /** Paints one item, or skips it when its output is already done; {@code listener} sees every iteration. */
    public ItemResult run(BatchItem item, Listener listener) {
        long start = System.nanoTime();
        if (!item.usable()) {
            return new ItemResult(item, ItemResult.Status.FAILED, 0, Double.NaN, item.problem());
        }
        try {
            Settings s;
            try {
                s = settingsOf(item);
            } catch (SettingsException e) {
                String where = item.overrides().containsKey(e.setting()) ? " (this row of the manifest)" : "";
                throw new ItemException(e.message(key -> key) + where);
            }
            for (String input : List.of(item.content(), item.style())) {
                if (files.same(item.output(), input)) {
                    throw new ItemException("output " + item.output() + " is also an input: give it another name");
                }
            }
            Image content = files.readImage(item.content());
            StyleImage style = StyleImage.of(files.readImage(item.style()));
            Image init = s.init() instanceof Init.FromImage image ? files.readImage(image.location()) : null;
            CheckpointStore checkpoint = checkpoints.apply(item);
            StyleTransfer transfer = StyleTransfer.builder().weights(weights).settings(s).build();
            RunRequest request;
            try {
                request = transfer.request().content(content).styles(List.of(style)).init(init)
                        .checkpoint(checkpoint, checkpointInterval).listener(listener).notes(notes).build();
            } catch (SettingsException e) {
                throw new ItemException(e.message(key -> key));
            } catch (StyleInputException | RunRequestException e) {
                // The row's images do not go with its settings (one blend weight per painting, say).
                throw new ItemException(e.getMessage());
            }
            String digest = Fingerprint.of(s, weights, content, List.of(style), init).digest();
            // What killed writers of this output left, skipped items' included (never a live writer's).
            files.removeLeftovers(item.output());
            if (files.outputText(item.output()).map(t -> digest.equals(t.get(FINGERPRINT_KEY))).orElse(false)) {
                return new ItemResult(item, ItemResult.Status.SKIPPED, seconds(start), Double.NaN, "");
            }
            if (!replace && files.exists(item.output())) {
                throw new ItemException(item.output() + " already holds another picture (made with other settings"
                        + " or inputs, or not by a batch): kept; give another output folder to keep both, or"
                        + " --replace to paint it again in its place");
            }
            Result result;
            try {
                result = transfer.run(request);
            } catch (CheckpointMismatchException e) {
                // A batch re-run with other settings redoes its items: the old state is of no use.
                notes.accept(item.name() + ": its checkpoint was made with other settings or inputs; starting over");
                request.discardCheckpoint();
                result = transfer.run(request);
            }
            if (result.divergence() != null) {
                request.discardCheckpoint();
                throw new ItemException(result.divergence());
            }
            if (result.stopped()) {
                return new ItemResult(item, ItemResult.Status.STOPPED, seconds(start), Double.NaN,
                        "stopped after iteration " + result.iterations() + (checkpoint != null
                                ? "; run the batch again to go on from its checkpoint"
                                : "; checkpoints are off, so the batch run again paints it from the start"));
            }
            Map<String, String> text = new LinkedHashMap<>(resultText.apply(item, s));
            text.put(FINGERPRINT_KEY, digest);
            files.writeOutput(result.image(), text, item.output());
            request.discardCheckpoint();
            double loss = result.history().isEmpty() ? Double.NaN
                    : result.history().get(result.history().size() - 1).total();
            return new ItemResult(item, ItemResult.Status.DONE, seconds(start), loss, "");
        } catch (ItemException | ImageException | TransferException e) {
            return new ItemResult(item, ItemResult.Status.FAILED, seconds(start), Double.NaN, ErrorText.oneLine(e.getMessage()));
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** A reason this item cannot be painted, in words. */
    private static final class ItemException extends RuntimeException {
        ItemException(String message) {
            super(message);
        }
    }
}
