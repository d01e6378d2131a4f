package io.neuralstyle.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One painting job as the store keeps it and the API shows it.
 *
 * @param id              server-made, unguessable, safe in a path
 * @param seq             submission order
 * @param status          see {@link JobStatus}
 * @param created         when it was submitted (ISO-8601)
 * @param started         when it last started running, or null
 * @param finished        when it ended, or null
 * @param settings        every setting of the run as text, as a settings file holds them
 * @param styles          how many paintings
 * @param masks           how many masks (0, or one per painting)
 * @param width           the output's width in pixels, from the run's plan
 * @param height          the output's height
 * @param iteration       iterations done so far, all stages
 * @param iterations      iterations planned, all stages
 * @param seconds         wall-clock seconds the run took (all its runs, if it was resumed)
 * @param message         why it failed or what to know about it, one line; null when none
 * @param hasResult       whether a result image is written
 * @param queuePosition   1 for the next to run, while queued; else null
 * @param resumable       whether an interrupted job has a checkpoint to go on from
 */
public record Job(String id, long seq, String status, String created, String started, String finished,
        Map<String, String> settings, int styles, int masks, int width, int height, int iteration, int iterations,
        double seconds, String message, boolean hasResult, Integer queuePosition, boolean resumable) {

    /** What of its settings a job made again from this one starts from: those chosen, not worked out. */
    @JsonProperty("chosen")
    public Map<String, String> chosen() {
        return Submission.carriedOver(settings);
    }

    @JsonIgnore
    public JobStatus state() {
        return JobStatus.of(status);
    }

    Job withQueuePosition(Integer position) {
        return new Job(id, seq, status, created, started, finished, settings, styles, masks, width, height, iteration,
                iterations, seconds, message, hasResult, position, resumable);
    }

    Job withResumable(boolean canResume) {
        return new Job(id, seq, status, created, started, finished, settings, styles, masks, width, height, iteration,
                iterations, seconds, message, hasResult, queuePosition, canResume);
    }
}
