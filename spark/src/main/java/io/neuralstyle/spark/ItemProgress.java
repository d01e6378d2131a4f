package io.neuralstyle.spark;

import io.neuralstyle.batch.BatchItem;

/**
 * How far a running item is, as its task last wrote it (see {@link ResultRows#writeProgress}).
 *
 * @param iteration   iterations done, all stages
 * @param iterations  iterations the item was asked for
 * @param seconds     since the task began the item
 * @param secondsLeft the item's plan's estimate of what it still needs; NaN when it has none yet
 */
record ItemProgress(BatchItem item, int iteration, int iterations, double seconds, double secondsLeft) {
}
