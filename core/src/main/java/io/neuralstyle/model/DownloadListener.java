package io.neuralstyle.model;

/**
 * Progress of a weights download, for a user interface to render (the CLI draws a progress bar;
 * core itself depends on no progress library). A download of several files is one download: one
 * {@code started}, with the size of them all. Calls come from the downloading thread, in order:
 * {@code started}, any number of {@code progress} (never decreasing), then {@code finished} (also
 * after a failure).
 */
public interface DownloadListener {

    /** Does nothing. */
    DownloadListener NONE = new DownloadListener() {
        @Override
        public void started(String what, long totalBytes) {
        }

        @Override
        public void progress(long bytes) {
        }

        @Override
        public void finished() {
        }
    };

    /**
     * @param what what is downloaded, for people, e.g. {@code "torchvision's VGG19 weights"}
     * @param totalBytes the size of the whole download (all its files), or -1 when not known
     */
    void started(String what, long totalBytes);

    /** @param bytes bytes received so far, over all the download's files (not the increment) */
    void progress(long bytes);

    /** The transfer ended, successfully or not. */
    void finished();
}
