package io.neuralstyle.web;

import io.neuralstyle.engine.FlopCount;
import io.neuralstyle.transfer.RunPlan;
import io.neuralstyle.transfer.Settings;
import java.util.Locale;

/**
 * What one job may cost, so that no request can hold the server's one worker for days or its
 * memory for more than a photo needs. Checked on the run's plan before the job is queued, each
 * refusal naming its limit.
 *
 * @param maxPaintings    paintings (style images) per job; each one's Gram targets are computed
 *                        at every stage before the first iteration, so many of them make a job that
 *                        cannot be cancelled for minutes
 * @param maxPixels       pixels of one uploaded image, from its header before it is decoded (a
 *                        decoded pixel costs up to {@value UploadDecoder#BYTES_PER_PIXEL} bytes): 25
 *                        megapixels take a 6000x4000 camera photo, and the run paints a few
 *                        thousand pixels on the long side at most
 * @param maxWork         the job's arithmetic in iterations at 512x512 (the plan's count over all its
 *                        stages): the time budget. The default 3000 is 15 default 512 px pictures,
 *                        about 30 to 60 minutes on a 2-core machine
 * @param maxLbfgsHistory L-BFGS pairs asked for; the plan keeps fewer where memory is short, and
 *                        more than a few hundred never helped (the default is
 *                        {@value Settings#DEFAULT_LBFGS_HISTORY})
 */
record JobLimits(int maxPaintings, long maxPixels, double maxWork, int maxLbfgsHistory) {
    static final JobLimits DEFAULT = new JobLimits(8, 25_000_000L, 3000, 1000);

    /** One iteration's arithmetic at 512x512 with these settings' layers, in GFLOP: the unit of {@link #maxWork}. */
    static double referenceIterationGflops(Settings settings) {
        return FlopCount.perEvaluation(512, 512, settings.lossSpec()) / 1e9;
    }

    /** The job's cost in iterations at 512x512. */
    static double work(RunPlan plan, Settings settings) {
        return plan.gflops(settings, 1) / referenceIterationGflops(settings);
    }

    void checkPaintings(int paintings) {
        if (paintings > maxPaintings) {
            throw ApiException.badRequest(paintings + " paintings: a job takes at most " + maxPaintings
                    + " paintings; blend fewer, or paint in several jobs");
        }
    }

    void checkSettings(Settings settings) {
        if (settings.lbfgsHistory() > maxLbfgsHistory) {
            throw ApiException.badRequest("lbfgs-history " + settings.lbfgsHistory() + " is over this server's limit"
                    + " of " + maxLbfgsHistory + " pairs: leave it out (the default is " + Settings.DEFAULT_LBFGS_HISTORY
                    + ")");
        }
    }

    void checkPlan(RunPlan plan, Settings settings) {
        double work = work(plan, settings);
        if (work > maxWork) {
            throw ApiException.badRequest(String.format(Locale.ROOT, "this job's %d iterations at %dx%d are the work of"
                    + " %.0f iterations at 512x512, over this server's limit of %.0f: ask for fewer iterations or a"
                    + " smaller size", plan.totalIterations(), plan.last().width(), plan.last().height(), work, maxWork));
        }
    }
}
