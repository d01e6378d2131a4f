package io.neuralstyle.video;

import io.neuralstyle.transfer.Progress;

/**
 * Where a video run is: frame {@code frame} of {@code frames} (1-based; {@code frames} is the
 * container's count, an estimate for some formats), that frame's own progress, and the seconds the
 * whole clip should still take (NaN until a frame has been timed).
 */
public record FrameProgress(int frame, int frames, Progress iteration, double secondsLeft) {
}
