package io.neuralstyle.web;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the queued jobs one at a time, in the order they came, on one thread: on two cores two runs
 * at once would only slow each other down. Cancelling a running job, or stopping the server, asks
 * the run to stop after its current iteration.
 */
final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final String STOP = "";

    /** Why a running job is asked to stop. */
    enum StopReason { CANCEL, SHUTDOWN }

    /** One job's run: it is asked after every iteration whether to stop. */
    interface Run {
        void run(Supplier<StopReason> stop);
    }

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Jobs jobs;
    private final Function<String, Run> runs;
    private final Thread thread;
    private volatile String running;
    private volatile StopReason stop;

    /** @param runs makes the run of a job by its id */
    Worker(Jobs jobs, Function<String, Run> runs) {
        this.jobs = jobs;
        this.runs = runs;
        this.thread = new Thread(this::loop, "studio-worker");
    }

    void start() {
        thread.start();
    }

    void submit(String id) {
        queue.add(id);
    }

    /** Why the running job should stop, or null to go on: asked after every iteration. */
    StopReason stopRequested() {
        return stop;
    }

    /**
     * Cancels a job: a queued one is taken off the queue; a running one stops after its current
     * iteration and keeps its best image.
     *
     * @return whether the job was queued or running
     */
    synchronized boolean cancel(String id) {
        if (id.equals(running)) {
            stop = StopReason.CANCEL;
            return true;
        }
        if (queue.remove(id)) {
            jobs.store().cancelQueued(id);
            jobs.publishEnd(id);
            jobs.publishQueue();
            return true;
        }
        return false;
    }

    private void loop() {
        while (true) {
            String id;
            try {
                id = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (id == STOP) {
                return;
            }
            synchronized (this) {
                if (stop == StopReason.SHUTDOWN) {
                    return;
                }
                running = id;
                stop = null;
            }
            try {
                runs.apply(id).run(this::stopRequested);
            } catch (Throwable e) { // an Error too: the thread must live on to run the next job
                LOG.error("job {} failed unexpectedly", id, e);
                failIfNotEnded(id, e);
            } finally {
                synchronized (this) {
                    running = null;
                }
            }
        }
    }

    /** Marks a job that a run left unended as failed, with what to do about it. */
    private void failIfNotEnded(String id, Throwable e) {
        try {
            Job job = jobs.store().get(id).orElse(null);
            if (job != null && !job.state().ended()) {
                jobs.store().ended(id, JobStatus.FAILED, 0, failure(e), false, List.of());
                jobs.publishEnd(id);
            }
        } catch (RuntimeException again) {
            LOG.error("could not mark job {} failed", id, again);
        }
    }

    /** Why a job failed, in words for its owner. */
    static String failure(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "the server ran out of memory during this job: try a smaller size, or start the server with more"
                    + " Java heap (JAVA_OPTS=-Xmx8g)";
        }
        return "unexpected error: " + e.getClass().getSimpleName() + " (the server's log has the details to report)";
    }

    /** The id of the running job, or null. */
    String running() {
        return running;
    }

    /** The ids waiting, in order. */
    List<String> waiting() {
        return List.copyOf(queue);
    }

    /**
     * Stops: the running job stops after its current iteration, keeps its checkpoint and is marked
     * interrupted; queued jobs stay queued in the store and run after the next start.
     */
    @Override
    public void close() {
        synchronized (this) {
            stop = StopReason.SHUTDOWN;
        }
        queue.clear();
        queue.add(STOP);
        try {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
