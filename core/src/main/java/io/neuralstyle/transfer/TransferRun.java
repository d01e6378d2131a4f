package io.neuralstyle.transfer;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.Resize;
import io.neuralstyle.transfer.RunPlan.Stage;
import java.util.List;

/**
 * One run of {@link StyleTransfer}: its plan's stages one after another ({@link StageRun}), from
 * the checkpoint's stage when it goes on from one, until one ends the run; then its result. What
 * the run has done so far is its {@link RunHistory}; when it saves, its {@link CheckpointPolicy}; its
 * time left, its {@link TimeLeft}.
 */
final class TransferRun {
    private final StyleTransfer transfer;
    private final RunPlan plan;
    private final RunRequest request;
    private final CheckpointPolicy checkpoints;
    private final RunHistory history = new RunHistory();
    private final TimeLeft timeLeft;
    private Checkpoint resumed;

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
        this.checkpoints = CheckpointPolicy.of(request, fingerprint);
        this.timeLeft = new TimeLeft(plan, transfer.settings());
        resumed = checkpoints.resumable(plan);
        if (resumed != null) {
            request.notes().accept("going on from " + request.checkpoint().name() + " (iteration "
                    + (resumed.iterationsBefore() + resumed.optimizer().iteration()) + " of " + plan.totalIterations()
                    + ")");
            history.resume(resumed);
        }
    }

    /** Runs the plan's stages in order, from the checkpoint's if there is one, until one ends the run. */
    Result run() {
        StageRun.Outcome last = null;
        for (Stage stage : plan.stages()) {
            if (resumed != null && stage.index() < resumed.stage()) {
                continue;
            }
            Checkpoint from = resumed != null && resumed.stage() == stage.index() ? resumed : null;
            resumed = null;
            last = new StageRun(transfer, plan, stage, request).run(last, from, history, checkpoints, timeLeft);
            if (last.endsRun()) {
                break;
            }
        }
        return result(last);
    }

    private Result result(StageRun.Outcome last) {
        Image image = last.colors().finish(last.image());
        Stage full = plan.last();
        if (image.width() != full.width() || image.height() != full.height()) {
            // Ended at a coarser stage: still hand back an image of the size asked for.
            image = Resize.to(image, full.width(), full.height());
        }
        return new Result(image, history.initial(), List.copyOf(history.losses()), history.iterations(),
                history.seconds(), last.stopped(), last.divergence(), plan.totalIterations());
    }
}
