package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker outlives whatever a run throws, an Error included, and the job says why it failed. */
class WorkerTest {
    @TempDir
    Path data;

    @Test
    void anOutOfMemoryErrorFailsItsJobAndTheNextJobStillRuns() throws Exception {
        try (JobStore store = new JobStore(data.resolve("jobs.db"))) {
            Jobs jobs = new Jobs(store, new Feeds(), data);
            store.add("greedy", Map.of(), 1, 0, 32, 24, 5);
            store.add("modest", Map.of(), 1, 0, 32, 24, 5);
            CountDownLatch ranNext = new CountDownLatch(1);
            Worker worker = new Worker(jobs, id -> stop -> {
                store.started(id);
                if (id.equals("greedy")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                store.ended(id, JobStatus.DONE, 1, null, true, java.util.List.of());
                ranNext.countDown();
            });
            worker.start();
            worker.submit("greedy");
            worker.submit("modest");
            try {
                assertTrue(ranNext.await(30, TimeUnit.SECONDS), "the worker ran the next job");
            } finally {
                worker.close();
            }
            Job greedy = store.get("greedy").orElseThrow();
            assertEquals(JobStatus.FAILED, greedy.state());
            assertTrue(greedy.message().contains("ran out of memory") && greedy.message().contains("smaller size"),
                    greedy.message());
            assertEquals(JobStatus.DONE, store.get("modest").orElseThrow().state());
        }
    }
}
