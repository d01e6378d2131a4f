package io.neuralstyle.transfer;

import io.neuralstyle.engine.FeatureExtractor;
import io.neuralstyle.engine.FeatureMap;
import io.neuralstyle.engine.ImageTerm;
import io.neuralstyle.engine.LossObjective;
import io.neuralstyle.engine.LossSpec;
import io.neuralstyle.engine.Losses;
import io.neuralstyle.engine.Network;
import io.neuralstyle.engine.StyleObjective;
import io.neuralstyle.engine.StyleTarget;
import io.neuralstyle.engine.Targets;
import io.neuralstyle.engine.TemporalTarget;
import io.neuralstyle.engine.TiledObjective;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;
import io.neuralstyle.optim.Adam;
import io.neuralstyle.optim.Box;
import io.neuralstyle.optim.DivergenceException;
import io.neuralstyle.optim.Lbfgs;
import io.neuralstyle.optim.Objective;
import io.neuralstyle.optim.Optimizer;
import io.neuralstyle.transfer.RunPlan.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One stage of a run, top to bottom: its targets at its size, its starting image, its objective and
 * optimizer, the optimization (from the stage's start, or from a checkpoint taken in it), and what
 * it hands on. A {@link Monitor} keeps the losses and the best image as it goes, and after each
 * iteration tells the listener, the {@link TimeLeft} and the {@link CheckpointPolicy}.
 */
final class StageRun {
    /**
     * What a stage hands on: the image the next stage starts from and the result is made of, and
     * whether the run ends here.
     *
     * @param image      the stage's best image, as the network sees it, at its size; or, where its
     *                   steps did not help, the previous stage's
     * @param colors     how {@code image} becomes a result
     * @param stopped    true when the listener stopped the run before the stage's last iteration
     * @param divergence null, unless the stage's loss became NaN or infinite or rose: then what
     *                   happened and what to try
     */
    record Outcome(Image image, ColorPlan colors, boolean stopped, String divergence) {
        boolean endsRun() {
            return stopped || divergence != null;
        }
    }

    private final StyleTransfer transfer;
    private final Settings settings;
    private final RunPlan plan;
    private final Stage stage;
    private final RunRequest request;

    StageRun(StyleTransfer transfer, RunPlan plan, Stage stage, RunRequest request) {
        this.transfer = transfer;
        this.settings = transfer.settings();
        this.plan = plan;
        this.stage = stage;
        this.request = request;
    }

    /**
     * Targets, start, objective, optimizer: the stage, from its start or from {@code from}.
     *
     * @param previous what the stage before handed on; null for the run's first stage, or the first
     *                 after a resume
     * @param from     the checkpoint taken in this stage to go on from; null to start it
     * @param history  the run's so far, which the stage adds to
     * @throws TransferException when the stage diverges and no image came before it
     */
    Outcome run(Outcome previous, Checkpoint from, RunHistory history, CheckpointPolicy checkpoints,
            TimeLeft timeLeft) {
        Problem problem = Problem.of(transfer.network(), settings, stage, request.content(), request.styles(),
                request.guide(), request.cache());
        float[] x = from != null ? new float[from.best().length] : start(problem, previous);
        Monitor monitor = new Monitor(problem.colors(), from, x, history, checkpoints, timeLeft);
        Optimizer optimizer = optimizer();
        monitor.optimizer = optimizer;
        String divergence = null;
        try (LossObjective objective = objective(problem)) {
            Objective recording = monitor.recording(objective);
            if (from != null) {
                optimizer.resume(recording, from.optimizer(), x, stage.iterations(), monitor);
            } else {
                optimizer.minimize(recording, x, stage.iterations(), monitor);
            }
        } catch (DivergenceException e) {
            divergence = e.getMessage();
        }
        history.seconds(monitor.seconds(System.nanoTime()));
        if (divergence == null && monitor.rose()) {
            divergence = String.format(Locale.ROOT, "the loss rose from %.4g to no less than %.4g at %s instead of"
                    + " falling: the optimization diverged; lower the learning rate, or use L-BFGS", monitor.startLoss,
                    monitor.bestLoss, stage);
        }
        if (monitor.improved() || divergence == null) {
            // A stage that made no step (0 iterations, or a zero gradient) hands on its starting image.
            Image image = new Image(stage.width(), stage.height(), monitor.improved() ? monitor.best : x);
            return new Outcome(image, problem.colors(), monitor.stopped, divergence);
        }
        if (previous == null) {
            throw new TransferException(divergence); // no finite image came before it
        }
        // The stage's steps did not help: the previous stage's image stands.
        return new Outcome(previous.image(), previous.colors(), monitor.stopped, divergence);
    }

    /**
     * What one stage optimizes: its colour handling, the photo as the network sees it, its targets and
     * its loss.
     */
    record Problem(ColorPlan colors, Image netContent, Targets targets, LossSpec spec) {

        /** The stage's targets, computed at its size; {@code guide} is null for a still image. */
        static Problem of(Network network, Settings settings, Stage stage, Image content, List<StyleImage> styles,
                TemporalGuide guide, StageCache cache) {
            LossSpec spec = settings.lossSpec();
            Image photo = content == null ? null : Resize.to(content, stage.width(), stage.height());
            ColorPlan colors = new ColorPlan(settings.colors(), photo);
            FeatureExtractor extractor = new FeatureExtractor(network);
            Image netContent = photo == null ? null : colors.forNetwork(photo);
            Map<String, FeatureMap> contentTargets = photo == null ? Map.of()
                    : extractor.features(netContent, spec.contentLayers().keySet());
            List<StyleImage> paintings = colors.styles(styles);
            List<StyleTarget> styleTargets = styles.isEmpty() ? List.of()
                    : cache != null ? cache.styleTargets(network, extractor, paintings, settings, spec, stage.width(),
                            stage.height())
                    : StyleTargets.compute(extractor, paintings, spec.styleLayers().keySet(), settings, stage.width(),
                            stage.height());
            List<TemporalTarget> temporal = new ArrayList<>();
            LossSpec stageSpec = stage.lossSpec(settings);
            if (guide != null) {
                for (TemporalGuide.Frame f : guide.frames()) {
                    temporal.add(new TemporalTarget(
                            colors.forNetwork(Resize.to(f.image(), stage.width(), stage.height())).data(),
                            Resize.to(f.weights(), stage.width(), stage.height()).data()));
                }
                stageSpec = stageSpec.with(ImageTerm.TEMPORAL, guide.weight());
            }
            return new Problem(colors, netContent, new Targets(contentTargets, styleTargets, temporal), stageSpec);
        }
    }

    /** The starting image: noise, the photo, the given image, or the previous stage's, upsampled. */
    private float[] start(Problem problem, Outcome previous) {
        return switch (stage.start()) {
            case NOISE -> StyleTransfer.noise(stage.width(), stage.height(), settings.seed());
            case CONTENT -> problem.netContent().data().clone();
            case IMAGE -> problem.colors().forNetwork(Resize.to(request.init(), stage.width(), stage.height())).data();
            case PREVIOUS -> Resize.to(previous.image(), stage.width(), stage.height()).data();
        };
    }

    /** The whole image at once when it fits the memory budget, else in the plan's tiles. */
    private LossObjective objective(Problem problem) {
        LossObjective objective = stage.tiled()
                ? new TiledObjective(transfer.network(), stage.width(), stage.height(), problem.spec(),
                        problem.targets(), stage.tileCore())
                : request.cache() != null ? request.cache().objective(transfer.network(), stage.width(),
                        stage.height(), problem.spec(), problem.targets())
                : new StyleObjective(transfer.network(), stage.width(), stage.height(), problem.spec(),
                        problem.targets());
        return transfer.faults().apply(objective);
    }

    private Optimizer optimizer() {
        return switch (settings.optimizer()) {
            case LBFGS -> new Lbfgs(stage.lbfgsPairs(), Box.UNIT);
            case ADAM -> new Adam(settings.learningRate(), Box.UNIT);
        };
    }

    /**
     * Watches the stage's optimization: keeps the losses of each evaluation (the optimizer says
     * which one an iteration accepted) and the best image, and after each iteration tells the
     * listener, with the time left, and saves a checkpoint when the policy says.
     */
    private final class Monitor implements Optimizer.Monitor {
        private final ColorPlan colors;
        private final RunHistory history;
        private final CheckpointPolicy checkpoints;
        private final TimeLeft timeLeft;
        /** Iterations of the stages before this one. */
        private final int offset;
        private final double secondsAtStart;
        private final long start = System.nanoTime();
        private Optimizer optimizer;
        /** Losses of each evaluation since the last iteration, by its number: the optimizer says which it accepted. */
        private final Map<Long, Losses> evaluated = new HashMap<>();
        private long evaluations;
        private final float[] best;
        private double bestLoss;
        private double startLoss = Double.NaN;
        private boolean stopped;

        Monitor(ColorPlan colors, Checkpoint from, float[] x, RunHistory history, CheckpointPolicy checkpoints,
                TimeLeft timeLeft) {
            this.colors = colors;
            this.history = history;
            this.checkpoints = checkpoints;
            this.timeLeft = timeLeft;
            timeLeft.stageStarts(stage);
            this.offset = from != null ? from.iterationsBefore() : history.iterations();
            this.secondsAtStart = history.seconds();
            this.evaluations = from != null ? from.optimizer().evaluations() : 0;
            this.best = from != null ? from.best() : x.clone();
            this.bestLoss = from != null ? from.bestLoss() : Double.POSITIVE_INFINITY;
            if (from != null) {
                startLoss = from.stageStartLoss();
            }
            checkpoints.stageStarts(start);
        }

        Objective recording(LossObjective objective) {
            return (point, gradient) -> {
                double loss = objective.evaluate(point, gradient);
                evaluated.put(++evaluations, objective.lastLosses());
                history.evaluated(objective.lastLosses());
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
            boolean go = request.listener().onIteration(new Progress(offset + it.number(), plan.totalIterations(),
                    losses, seconds(now), () -> colors.finish(new Image(stage.width(), stage.height(),
                            current.clone())), stage, plan.stages().size(), left));
            if (checkpoints.due(now, !go)) {
                checkpoints.write(new Checkpoint(checkpoints.fingerprint(), stage.index(), offset, seconds(now),
                        history.initial(), history.losses(), startLoss, bestLoss, best, optimizer.state()));
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
}
