package io.neuralstyle.transfer;

import io.neuralstyle.engine.LossObjective;
import io.neuralstyle.engine.Losses;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;
import io.neuralstyle.optim.DivergenceException;
import io.neuralstyle.optim.Objective;
import io.neuralstyle.optim.Optimizer;
import io.neuralstyle.transfer.RunPlan.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of {@link StyleTransfer}, stage after stage: what it has done so far (the losses, the
 * iterations, the time, the best image of the last stage), where a checkpoint takes it up, and how
 * it ended. Each stage's targets, objective, optimizer and starting image come from the
 * {@link StyleTransfer} that made the run; its images, checkpoint file and listener from the
 * {@link RunRequest}.
 */
final class TransferRun {
    private final StyleTransfer transfer;
    private final RunPlan plan;
    private final RunRequest request;
    private final Listener listener;
    private final Fingerprint fingerprint;
    private final Path checkpointFile;
    private final CheckpointPolicy checkpoints;
    private Checkpoint resumed;
    private Losses initial;
    private final List<Losses> history = new ArrayList<>();
    private double secondsBefore;
    /** The best image so far, as the network sees it, at {@link #lastStage}'s size; null before any. */
    private float[] last;
    private Stage lastStage;
    private ColorPlan lastColors;
    private boolean stopped;
    private String divergence;

    /**
     * When the request's checkpoint file holds a checkpoint of this run (same fingerprint) the run
     * goes on from it.
     *
     * @param fingerprint the run's, when the request has a checkpoint file; else null
     */
    TransferRun(StyleTransfer transfer, RunPlan plan, RunRequest request, Fingerprint fingerprint) {
        this.transfer = transfer;
        this.plan = plan;
        this.request = request;
        this.listener = request.listener();
        this.fingerprint = fingerprint;
        this.checkpointFile = request.checkpointFile();
        this.checkpoints = CheckpointPolicy.of(request, fingerprint);
        resumed = checkpoints.resumable(plan);
        if (resumed != null) {
            request.notes().accept("going on from " + checkpointFile + " (iteration " + (resumed.iterationsBefore()
                    + resumed.optimizer().iteration()) + " of " + plan.totalIterations() + ")");
            initial = resumed.initial();
            history.addAll(resumed.history());
            secondsBefore = resumed.seconds();
        }
    }

    /** Runs the plan's stages in order, from the checkpoint's if there is one, until one ends the run. */
    Result run() {
        for (Stage stage : plan.stages()) {
            if (resumed != null && stage.index() < resumed.stage()) {
                continue;
            }
            optimize(stage);
            if (stopped || divergence != null) {
                break;
            }
        }
        return result();
    }

    /** Targets, objective, optimizer: one stage, from its start or from the checkpoint. */
    private void optimize(Stage stage) {
        StyleTransfer.Problem problem = transfer.prepare(stage, request.content(), request.styles(),
                request.guide());
        Checkpoint from = resumed != null && resumed.stage() == stage.index() ? resumed : null;
        resumed = null;
        float[] x = from != null ? new float[from.best().length] : startOf(stage, problem);
        StageMonitor monitor = new StageMonitor(stage, problem, from, x);
        Optimizer optimizer = transfer.optimizer(stage);
        monitor.optimizer = optimizer;
        try (LossObjective objective = transfer.objective(stage, problem)) {
            Objective recording = monitor.recording(objective);
            if (from != null) {
                optimizer.resume(recording, from.optimizer(), x, stage.iterations(), monitor);
            } else {
                optimizer.minimize(recording, x, stage.iterations(), monitor);
            }
        } catch (DivergenceException e) {
            divergence = e.getMessage();
        }
        secondsBefore = monitor.seconds(System.nanoTime());
        if (divergence == null && monitor.rose()) {
            divergence = String.format(Locale.ROOT, "the loss rose from %.4g to no less than %.4g at %s instead of"
                    + " falling: the optimization diverged; lower the learning rate, or use L-BFGS", monitor.startLoss,
                    monitor.bestLoss, stage);
        }
        if (monitor.improved() || divergence == null) {
            // A stage that made no step (0 iterations, or a zero gradient) hands on its starting image.
            last = monitor.improved() ? monitor.best : x;
            lastStage = stage;
            lastColors = problem.colors();
        } else if (last == null) {
            throw new TransferException(divergence); // no finite image came before it
        }
        // Otherwise the stage's steps did not help: the previous stage's image stands.
    }

    private float[] startOf(Stage stage, StyleTransfer.Problem problem) {
        if (stage.start() == RunPlan.Start.PREVIOUS) {
            return Resize.to(new Image(lastStage.width(), lastStage.height(), last), stage.width(), stage.height())
                    .data();
        }
        return transfer.start(stage, problem, request.init());
    }

    /**
     * Watches one stage's optimization: the losses of each evaluation, the best image, progress to
     * the listener, checkpoints to the file.
     */
    private final class StageMonitor implements Optimizer.Monitor {
        private final Stage stage;
        private final StyleTransfer.Problem problem;
        private final int offset;
        private final double secondsAtStart;
        private final long start = System.nanoTime();
        private Optimizer optimizer;
        /** Losses of each evaluation since the last iteration, by its number: the optimizer says which it accepted. */
        private final Map<Long, Losses> evaluated = new HashMap<>();
        private long evaluations;
        private final TimeLeft timeLeft;
        private final float[] best;
        private double bestLoss;
        private double startLoss = Double.NaN;

        StageMonitor(Stage stage, StyleTransfer.Problem problem, Checkpoint from, float[] x) {
            this.stage = stage;
            this.problem = problem;
            this.offset = from != null ? from.iterationsBefore() : history.size();
            this.secondsAtStart = secondsBefore;
            this.evaluations = from != null ? from.optimizer().evaluations() : 0;
            this.best = from != null ? from.best() : x.clone();
            this.bestLoss = from != null ? from.bestLoss() : Double.POSITIVE_INFINITY;
            this.timeLeft = new TimeLeft(plan, transfer.settings(), stage);
            checkpoints.stageStarts(start);
            if (from != null) {
                startLoss = from.stageStartLoss();
            }
        }

        Objective recording(LossObjective objective) {
            return (point, gradient) -> {
                double loss = objective.evaluate(point, gradient);
                evaluated.put(++evaluations, objective.lastLosses());
                if (initial == null) {
                    initial = objective.lastLosses();
                }
                if (Double.isNaN(startLoss)) {
                    startLoss = loss;
                }
                return loss;
            };
        }

        @Override
        public boolean afterIteration(Optimizer.Iteration it) {
            Losses losses = evaluated.get(it.evaluation());
            evaluated.clear();
            history.add(losses);
            if (it.loss() < bestLoss) {
                bestLoss = it.loss();
                System.arraycopy(it.x(), 0, best, 0, best.length);
            }
            long now = System.nanoTime();
            float[] current = it.x();
            double left = timeLeft.after(it.number(), now);
            boolean go = listener.onIteration(new Progress(offset + it.number(), plan.totalIterations(), losses,
                    seconds(now), () -> problem.colors().finish(new Image(stage.width(), stage.height(),
                            current.clone())), stage, plan.stages().size(), left));
            if (checkpoints.due(now, !go)) {
                checkpoints.write(new Checkpoint(fingerprint, stage.index(), offset, seconds(now), initial, history,
                        startLoss, bestLoss, best, optimizer.state()));
            }
            if (!go && it.number() < stage.iterations()) {
                stopped = true;
            }
            return go;
        }

        double seconds(long now) {
            return secondsAtStart + (now - start) / 1e9;
        }

        /** Whether some iteration reached a lower loss than the stage's start. */
        boolean improved() {
            return bestLoss < startLoss;
        }

        /** Whether the stage took steps and none of them lowered the loss. */
        boolean rose() {
            return bestLoss < Double.POSITIVE_INFINITY && !(bestLoss < startLoss);
        }
    }

    private Result result() {
        Image image = lastColors.finish(new Image(lastStage.width(), lastStage.height(), last));
        Stage full = plan.last();
        if (image.width() != full.width() || image.height() != full.height()) {
            // Ended at a coarser stage: still hand back an image of the size asked for.
            image = Resize.to(image, full.width(), full.height());
        }
        return new Result(image, initial, List.copyOf(history), history.size(), secondsBefore, stopped, divergence,
                plan.totalIterations());
    }
}
