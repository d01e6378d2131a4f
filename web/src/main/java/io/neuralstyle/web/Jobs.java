package io.neuralstyle.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The jobs as clients see them: the store's rows with their place in the queue and whether they can
 * resume, their files, and the events that tell their watchers of a change.
 */
final class Jobs {
    private final JobStore store;
    private final Feeds feeds;
    private final Path jobsDir;

    Jobs(JobStore store, Feeds feeds, Path jobsDir) {
        this.store = store;
        this.feeds = feeds;
        this.jobsDir = jobsDir;
    }

    JobStore store() {
        return store;
    }

    Feeds feeds() {
        return feeds;
    }

    JobFiles files(String id) {
        return JobFiles.of(jobsDir, id);
    }

    /** The job with its place in the queue (1: next) and whether it has a checkpoint to resume from. */
    Job view(Job job) {
        Job j = job;
        if (j.state() == JobStatus.QUEUED) {
            List<Job> queued = store.queued();
            for (int i = 0; i < queued.size(); i++) {
                if (queued.get(i).id().equals(j.id())) {
                    j = j.withQueuePosition(i + 1);
                }
            }
        }
        return j.withResumable(j.state() == JobStatus.INTERRUPTED && Files.isRegularFile(files(j.id()).checkpoint()));
    }

    /** Every job, newest first, as clients see them. */
    List<Job> all() {
        List<String> queuedIds = store.queued().stream().map(Job::id).toList();
        return store.all().stream().map(j -> {
            int position = queuedIds.indexOf(j.id());
            Job v = position >= 0 ? j.withQueuePosition(position + 1) : j;
            return v.withResumable(v.state() == JobStatus.INTERRUPTED && Files.isRegularFile(files(v.id())
                    .checkpoint()));
        }).toList();
    }

    /** Tells a job's watchers that it ended (the event is its status) and closes its feed. */
    void publishEnd(String id) {
        store.get(id).ifPresent(job -> feeds.end(id, job.status(), Json.write(view(job))));
    }

    /** Tells a job's watchers its new status, e.g. that it started. */
    void publishStatus(String id) {
        store.get(id).ifPresent(job -> feeds.of(id).status(Json.write(view(job))));
    }

    /** Tells the watchers of every queued job its new place. */
    void publishQueue() {
        List<Job> queued = store.queued();
        for (int i = 0; i < queued.size(); i++) {
            JobFeed feed = feeds.find(queued.get(i).id());
            if (feed != null) {
                feed.status(Json.write(queued.get(i).withQueuePosition(i + 1)));
            }
        }
    }
}
