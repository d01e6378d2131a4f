package io.neuralstyle.figure;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Listener;
import io.neuralstyle.transfer.Progress;
import io.neuralstyle.transfer.Result;
import io.neuralstyle.transfer.RunRequest;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.StyleTransfer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a {@link FigurePlan} in one process: the weights are loaded once and shared by every
 * cell, each cell's run reports its progress as part of the whole figure, and the sheet is put
 * together at the end.
 */
public final class FigureRunner {
    /** Iterations of a calibration run: enough to separate the setup from the per-iteration time. */
    static final int CALIBRATION_ITERATIONS = 3;

    private final Weights weights;
    private final Image content;
    private final List<Image> styles;

    /** Told about every iteration of every cell. */
    @FunctionalInterface
    public interface CellListener {
        /**
         * @param cell     the cell being computed
         * @param done     iterations of the figure done so far, this one included
         * @param progress this cell's progress
         * @return false to stop the whole figure
         */
        boolean onIteration(FigureCell cell, int done, Progress progress);
    }

    /** The figure's sheet and every run's result, by cell. */
    public record Outcome(Sheet sheet, Map<FigureCell, Result> results, double seconds, boolean stopped) {
    }

    /**
     * @param content the photo, or null when no cell needs it
     * @param styles  the paintings, in the order the plan's cells refer to them
     */
    public FigureRunner(Weights weights, Image content, List<Image> styles) {
        this.weights = weights;
        this.content = content;
        this.styles = List.copyOf(styles);
    }

    /**
     * What a figure should take.
     *
     * @param seconds      all runs together
     * @param setupSeconds the part of it spent before the runs' first iterations: building each
     *                     run's graph and computing its targets
     */
    public record Estimate(double seconds, double setupSeconds) {
    }

    /**
     * Times a short run of each kind of cell (the network is built up to each cell's deepest layer,
     * so depth is what sets the cost) and adds up what the whole figure should take.
     */
    public Estimate estimate(FigurePlan plan) {
        Map<String, TimeEstimate> byDepth = new HashMap<>();
        double total = 0;
        double setup = 0;
        if (!plan.runs().isEmpty()) {
            // The process's first run also pays for TensorFlow's start-up, which no cell pays again.
            calibrate(plan.runs().get(0));
        }
        for (FigureCell cell : plan.runs()) {
            String depth = cell.settings().lossSpec().deepestLayer() + (cell.usesStyle() ? "+gram" : "");
            TimeEstimate estimate = byDepth.computeIfAbsent(depth, d -> calibrate(cell));
            total += estimate.seconds(cell.settings().iterations());
            setup += estimate.setupSeconds();
        }
        return new Estimate(total, setup);
    }

    private TimeEstimate calibrate(FigureCell cell) {
        Settings shortRun = cell.settings().toBuilder().iterations(CALIBRATION_ITERATIONS).build();
        double[] ends = new double[CALIBRATION_ITERATIONS + 1];
        long start = System.nanoTime();
        Result r = run(cell, shortRun, p -> {
            ends[p.iteration()] = p.seconds();
            return true;
        });
        double wall = (System.nanoTime() - start) / 1e9;
        if (r.iterations() < CALIBRATION_ITERATIONS) {
            return new TimeEstimate(wall, 0);
        }
        return TimeEstimate.fromCalibration(wall, ends[1], ends[CALIBRATION_ITERATIONS], CALIBRATION_ITERATIONS);
    }

    /** Runs every cell of the plan in reading order and draws the sheet. */
    public Outcome run(FigurePlan plan, CellListener listener) {
        Map<FigureCell, Result> results = new LinkedHashMap<>();
        int[] done = {0};
        boolean stopped = false;
        long start = System.nanoTime();
        for (FigureCell cell : plan.runs()) {
            int before = done[0];
            Result r = run(cell, cell.settings(), p -> {
                done[0] = before + p.iteration();
                return listener.onIteration(cell, done[0], p);
            });
            // A run that converges early still counts as its full share of the bar.
            done[0] = before + cell.settings().iterations();
            results.put(cell, r);
            if (r.stopped()) {
                stopped = true;
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(sheet(plan, results), results, seconds, stopped);
    }

    private Result run(FigureCell cell, Settings settings, Listener listener) {
        StyleTransfer transfer = StyleTransfer.builder().weights(weights).settings(settings).build();
        RunRequest.Builder request = transfer.request().listener(listener);
        if (cell.usesContent()) {
            request.content(requireContent());
        }
        if (cell.usesStyle()) {
            request.style(requireStyle(cell.style()));
        }
        return transfer.run(request.build());
    }

    private Image requireContent() {
        if (content == null) {
            throw new IllegalArgumentException("this figure needs a content photo; give one");
        }
        return content;
    }

    private Image requireStyle(int index) {
        if (index < 0 || index >= styles.size()) {
            throw new IllegalArgumentException("this figure needs " + (index + 1) + " style images; give them");
        }
        return styles.get(index);
    }

    /** The sheet of a plan with the results so far; cells not computed are left blank. */
    public Sheet sheet(FigurePlan plan, Map<FigureCell, Result> results) {
        int size = plan.runs().isEmpty() ? 128 : plan.runs().get(0).settings().size();
        List<List<Sheet.Cell>> grid = new ArrayList<>();
        for (int r = 0; r < plan.rows(); r++) {
            List<Sheet.Cell> row = new ArrayList<>();
            for (int c = 0; c < plan.columns(); c++) {
                row.add(null);
            }
            grid.add(row);
        }
        for (FigureCell cell : plan.cells()) {
            Image image = switch (cell.kind()) {
                case CONTENT_INPUT -> Resize.toLongestSide(requireContent(), size);
                case STYLE_INPUT -> Resize.toLongestSide(requireStyle(cell.style()), size);
                case RUN -> results.containsKey(cell) ? results.get(cell).image() : null;
            };
            if (image != null) {
                grid.get(cell.row()).set(cell.column(), new Sheet.Cell(image, cell.caption()));
            }
        }
        return new Sheet(plan.title(), plan.columnAxis(), plan.rowAxis(), plan.columnHeadings(), plan.rowLabels(),
                grid);
    }
}
