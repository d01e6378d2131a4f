package io.neuralstyle.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live feeds of the jobs that are queued or running, by id, and the one thread that sends their
 * events. An ended job's feed is dropped once ended: later watchers get the job's last state from
 * the store.
 */
final class Feeds implements AutoCloseable {
    private static final long HEARTBEAT_SECONDS = 15;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "studio-events");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, JobFeed> feeds = new ConcurrentHashMap<>();

    Feeds() {
        sender.scheduleWithFixedDelay(() -> feeds.values().forEach(JobFeed::heartbeat), HEARTBEAT_SECONDS,
                HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** The feed of a job that is queued or running (made on first use). */
    JobFeed of(String id) {
        return feeds.computeIfAbsent(id, k -> new JobFeed(sender));
    }

    /** The feed if the job has one now. */
    JobFeed find(String id) {
        return feeds.get(id);
    }

    /** Ends a job's feed with its last event and forgets it. */
    void end(String id, String event, String jobJson) {
        JobFeed feed = feeds.remove(id);
        if (feed != null) {
            feed.end(event, jobJson);
        }
    }

    int clientCount() {
        return feeds.values().stream().mapToInt(JobFeed::clientCount).sum();
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
