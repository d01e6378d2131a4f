package io.neuralstyle.cli;

import io.neuralstyle.figure.FigureCell;
import io.neuralstyle.figure.FigurePlan;
import io.neuralstyle.figure.FigureRunner;
import io.neuralstyle.figure.LossPlot;
import io.neuralstyle.figure.TimeEstimate;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Progress;
import io.neuralstyle.transfer.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a figure plan for a subcommand: reads the inputs and the weights once, estimates the time
 * by a short calibration and says so, shows one progress bar over every cell, and tells the time
 * taken against the estimate.
 */
final class FigureExecution {
    private final FigureOptions options;
    private StopOnSignal stop;
    private final Path content;
    private final List<Path> styles;

    FigureExecution(FigureOptions options, Path content, List<Path> styles) {
        this.options = options;
        this.content = content;
        this.styles = List.copyOf(styles);
    }

    /** Every file the command reads: no output may be one of them. */
    List<Path> inputs() {
        List<Path> in = new ArrayList<>(styles);
        if (content != null) {
            in.add(content);
        }
        if (options.common.weights != null) {
            in.add(options.common.weights);
        }
        return in;
    }

    /** An output path, checked before any work starts. */
    Path output(Path given, String defaultName) {
        Path out = OutputFiles.resolveOutput(given != null ? given : Path.of(defaultName), null, null);
        OutputFiles.refuseToOverwriteInputs(out, inputs());
        return out;
    }

    /** The --plot path, or null; checked like the output, and never the output itself. */
    Path plot(Path given, Path out) {
        if (given == null) {
            return null;
        }
        Path plot = output(given, null);
        if (plot.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new UserException("--plot " + given + " is also the output; give the plot another name");
        }
        return plot;
    }

    FigureRunner.Outcome run(FigurePlan plan) {
        Image photo = content == null ? null : ImageReader.read(content);
        List<Image> paintings = new ArrayList<>();
        styles.forEach(s -> paintings.add(ImageReader.read(s)));
        Weights weights = options.common.loadWeights();
        FigureRunner runner = new FigureRunner(weights, photo, paintings);

        int total = plan.totalIterations();
        long calibrationStart = System.nanoTime();
        FigureRunner.Estimate estimated = runner.estimate(plan);
        double estimate = estimated.seconds();
        double calibration = (System.nanoTime() - calibrationStart) / 1e9;
        say("%d run%s, %d iterations at %d px: estimated %s, %s of it building graphs and targets"
                + " (calibrated in %.1f s)%n", plan.runs().size(), plan.runs().size() == 1 ? "" : "s", total,
                options.size, TimeEstimate.format(estimate), TimeEstimate.format(estimated.setupSeconds()),
                calibration);

        stop = StopOnSignal.install("stopping after this iteration and writing the figure so far...");
        long start = System.nanoTime();
        FigureRunner.Outcome outcome;
        try (ProgressDisplay progress = new ProgressDisplay(total, options.common.quiet)) {
            outcome = runner.run(plan, (cell, done, p) -> {
                double seconds = (System.nanoTime() - start) / 1e9;
                progress.update(new Progress(done, total, p.losses(), seconds, p.image()));
                return !StopOnSignal.requested();
            });
        }
        say("took %s (estimated %s)%s%n", TimeEstimate.format(outcome.seconds()), TimeEstimate.format(estimate),
                outcome.stopped() ? ", stopped early: the cells not computed are left blank" : "");
        return outcome;
    }

    /** Called when every file is written: a Ctrl-C waiting for them may now end the process. */
    void finished() {
        if (stop != null) {
            stop.finished();
        }
    }

    /** Writes the loss curves of every run when --plot was given. */
    void writePlot(Path plotFile, FigurePlan plan, FigureRunner.Outcome outcome, EmbeddedSettings embedded) {
        if (plotFile == null) {
            return;
        }
        Map<FigureCell, Result> results = outcome.results();
        Image chart;
        if (results.size() == 1) {
            Map.Entry<FigureCell, Result> only = results.entrySet().iterator().next();
            chart = LossPlot.ofRun("loss curves: " + plan.label(only.getKey()), only.getValue());
        } else {
            Map<String, Result> named = new LinkedHashMap<>();
            results.forEach((cell, r) -> named.put(plan.label(cell), r));
            chart = LossPlot.ofRuns("loss curves of figure '" + plan.name() + "'", named);
        }
        OutputFiles.write(chart, plotFile, embedded);
        say("wrote %s%n", plotFile);
    }

    void say(String format, Object... args) {
        if (!options.common.quiet) {
            System.err.printf(format, args);
        }
    }

    /** The settings text of a figure: the common settings, then what each run changes. */
    static String describe(FigureOptions options, FigurePlan plan, List<Path> inputs) {
        StringBuilder text = new StringBuilder();
        options.base().describe().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        inputs.forEach(p -> text.append("input=").append(p).append('\n'));
        for (FigureCell cell : plan.runs()) {
            text.append("cell ").append(cell.row()).append(',').append(cell.column()).append(' ')
                    .append(plan.label(cell)).append(": content-layers=")
                    .append(String.join(",", cell.settings().contentLayers().keySet()))
                    .append(" style-layers=").append(String.join(",", cell.settings().styleLayers().keySet()))
                    .append(" content-weight=").append(cell.settings().contentWeight())
                    .append(" style-weight=").append(cell.settings().styleWeight()).append('\n');
        }
        return text.toString();
    }
}
