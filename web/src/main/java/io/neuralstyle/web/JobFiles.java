package io.neuralstyle.web;

import java.nio.file.Path;

/**
 * Where one job's files lie: a folder named by the job's id under the data folder's {@code jobs/},
 * each file named by the server. Names the client sent never reach the file system.
 */
record JobFiles(Path dir) {
    static JobFiles of(Path jobsDir, String id) {
        return new JobFiles(jobsDir.resolve(id));
    }

    Path content() {
        return dir.resolve("content.img");
    }

    Path style(int index) {
        return dir.resolve("style-" + index + ".img");
    }

    Path mask(int index) {
        return dir.resolve("mask-" + index + ".img");
    }

    /** The result, with the run's settings embedded. */
    Path result() {
        return dir.resolve("result.png");
    }

    /** The best image so far of a run the server's stop interrupted. */
    Path partial() {
        return dir.resolve("partial.png");
    }

    Path thumbnail() {
        return dir.resolve("thumbnail.png");
    }

    /** A small copy of one of the job's images, for the history: {@code content} or {@code style-N}. */
    Path inputThumbnail(String which) {
        return dir.resolve(which + "-thumbnail.png");
    }

    /** The run's saved state, from which an interrupted run goes on. */
    Path checkpoint() {
        return dir.resolve("run.checkpoint");
    }
}
