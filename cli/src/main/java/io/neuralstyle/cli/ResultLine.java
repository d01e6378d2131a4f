package io.neuralstyle.cli;

import io.neuralstyle.transfer.Result;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The last line of a run, on standard output: where the image is and why the run ended, so that a
 * log or a script can tell a finished picture from one cut short.
 */
final class ResultLine {
    private ResultLine() {
    }

    /** @param resumable whether the run kept a checkpoint that the same command goes on from */
    static String of(Result r, Path out, boolean resumable) {
        String wrote = String.format(Locale.ROOT, "wrote %s (%dx%d): ", out, r.image().width(), r.image().height());
        String time = String.format(Locale.ROOT, "%.1f s", r.seconds());
        return wrote + switch (r.ending()) {
            case DONE -> "all " + r.iterations() + " iterations done in " + time;
            case CONVERGED -> "converged after " + r.iterations() + " of " + r.planned() + " iterations in " + time
                    + ": the loss could fall no further";
            case STOPPED -> "stopped by the user after " + r.iterations() + " of " + r.planned() + " iterations in "
                    + time + (resumable ? "; run the same command again to go on from here" : "");
            case DIVERGED -> "the optimization diverged after " + r.iterations() + " of " + r.planned()
                    + " iterations; this is the best image before it";
        };
    }
}
