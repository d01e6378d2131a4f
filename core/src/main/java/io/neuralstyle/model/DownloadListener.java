package io.neuralstyle.model;

/**
 * Progress of a weights download, for a user interface to render (the CLI draws a progress bar;
 * core itself depends on no progress library). Calls come from the downloading thread, in order:
 * {@code started}, any number of {@code progress}, then {@code finished} (also after a failure).
 */
public interface DownloadListener {

    /** Does nothing. */
    DownloadListener NONE = new DownloadListener() {
        @Override
        public void started(long totalBytes) {
        }

        @Override
        public void progress(long bytes) {
        }

        @Override
        public void finished() {
        }
    };

    /** @param totalBytes the size announced by the server, or -1 when it did not say */
    void started(long totalBytes);

    /** @param bytes bytes received so far (not the increment) */
    void progress(long bytes);

    /** The transfer ended, successfully or not. */
    void finished();
}
