package io.neuralstyle.transfer;

import io.neuralstyle.engine.Losses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a run has done so far, over all its stages: the loss terms at its starting image and after
 * each iteration, and its seconds of optimization. Its checkpoints save it, a resumed run takes it
 * up, and its {@link Result} reports it.
 */
final class RunHistory {
    private Losses initial;
    private final List<Losses> losses = new ArrayList<>();
    private double seconds;

    /** Takes up where {@code checkpoint}'s run was. */
    void resume(Checkpoint checkpoint) {
        initial = checkpoint.initial();
        losses.addAll(checkpoint.history());
        seconds = checkpoint.seconds();
    }

    /** An evaluation's losses: the first of the run's is its starting image's. */
    void evaluated(Losses at) {
        if (initial == null) {
            initial = at;
        }
    }

    /** The losses at the point an iteration reached. */
    void add(Losses afterIteration) {
        losses.add(afterIteration);
    }

    /** The loss terms at the run's starting image; null before its first evaluation. */
    Losses initial() {
        return initial;
    }

    /** The loss terms after each iteration, all stages, in order (a view). */
    List<Losses> losses() {
        return Collections.unmodifiableList(losses);
    }

    int iterations() {
        return losses.size();
    }

    double seconds() {
        return seconds;
    }

    void seconds(double total) {
        seconds = total;
    }
}
