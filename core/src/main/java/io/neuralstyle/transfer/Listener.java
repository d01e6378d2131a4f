package io.neuralstyle.transfer;

/** Told about every iteration of a run; it can stop the run. */
@FunctionalInterface
public interface Listener {
    Listener NONE = progress -> true;

    /** @return false to stop the run after this iteration; the result is then the best image so far */
    boolean onIteration(Progress progress);
}
