package io.neuralstyle.video;

import io.neuralstyle.transfer.Progress;

/**
 * Where a video run is: frame {@code frame} of {@code frames} (1-based; {@code frames} is the
 * container's count, an estimate for some formats), that frame's own progress, and the seconds the
 * whole clip should still take (NaN before the first timed iteration; during the first frame, the later
 * frames are estimated from the plans' arithmetic at the first frame's pace), and the frames painted
 * per minute in this run so far (NaN until one is done).
 */
public record FrameProgress(int frame, int frames, Progress iteration, double secondsLeft, double framesPerMinute) {
}
