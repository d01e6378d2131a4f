package io.neuralstyle.cli;

import io.neuralstyle.model.DownloadListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Draws the one-time weights download (all its files) as one progress bar in megabytes. */
final class DownloadProgress implements DownloadListener {
    private static final long MB = 1_000_000;
    private final boolean quiet;
    private ProgressBar bar;

    DownloadProgress(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    public void started(String what, long totalBytes) {
        if (quiet) {
            return;
        }
        System.err.println("neural-style: downloading " + what + " once; later runs use the copy in the cache");
        bar = new ProgressBarBuilder().setTaskName("weights").setInitialMax(totalBytes > 0 ? totalBytes : -1)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", MB).showSpeed().build();
    }

    @Override
    public void progress(long bytes) {
        if (bar != null) {
            bar.stepTo(bytes);
        }
    }

    @Override
    public void finished() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
