package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralstyle.transfer.Benchmark;
import io.neuralstyle.web.StudioClient.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load on loopback: 50 clients follow the events of 10 queued 32 px jobs and poll the API
 * at once. Every job must end done and every client see its job's done event; the server must drop
 * its watchers afterwards. The figures (time, requests, heap) are printed, not asserted: the README
 * quotes them.
 */
class StudioLoadTest {
    private static final int CLIENTS = 50;
    private static final int JOBS = 10;
    private static final long POLL_MILLIS = 500;

    @TempDir
    Path data;

    @Test
    void fiftyClientsWatchTenQueuedJobsToTheirEnd() throws Exception {
        try (Studio studio = Studio.start(StudioClient.config(data))) {
            StudioClient client = new StudioClient(studio);
            long start = System.nanoTime();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                ids.add(client.submit("{\"size\": 32, \"iterations\": 8, \"seed\": " + i + "}").get("id").asText());
            }
            ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS);
            AtomicInteger polls = new AtomicInteger();
            AtomicInteger pollErrors = new AtomicInteger();
            AtomicLong peakHeap = new AtomicLong();
            AtomicInteger peakWatchers = new AtomicInteger();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            List<Future<String>> watchers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String id = ids.get(c % JOBS);
                watchers.add(pool.submit(() -> {
                    List<Event> events = client.followToEnd(id);
                    return events.get(events.size() - 1).name();
                }));
                pool.submit(() -> {
                    // Poll the list, the job and the server until the job ends (or the deadline).
                    while (System.nanoTime() < deadline) {
                        JsonNode job = StudioClient.json(client.get("/api/jobs/" + id).body());
                        client.get("/api/jobs");
                        JsonNode server = StudioClient.json(client.get("/api/server").body());
                        polls.addAndGet(3);
                        if (!server.has("heapUsedBytes")) {
                            pollErrors.incrementAndGet();
                        } else {
                            peakHeap.accumulateAndGet(server.get("heapUsedBytes").asLong(), Math::max);
                            peakWatchers.accumulateAndGet(server.get("watchers").asInt(), Math::max);
                        }
                        if (!List.of("queued", "running").contains(job.get("status").asText())) {
                            return null;
                        }
                        Thread.sleep(POLL_MILLIS);
                    }
                    return null;
                });
            }
            int sawDone = 0;
            for (Future<String> w : watchers) {
                if ("done".equals(w.get(3, TimeUnit.MINUTES))) {
                    sawDone++;
                }
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES), "the pollers end");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(CLIENTS, sawDone, "every client saw its job's done event");
            for (String id : ids) {
                assertEquals("done", client.getJson("/api/jobs/" + id).get("status").asText());
            }
            assertEquals(0, pollErrors.get());
            double[] jobSeconds = ids.stream().mapToDouble(id -> client.getJson("/api/jobs/" + id).get("seconds")
                    .asDouble()).sorted().toArray();
            Thread.sleep(500);
            assertEquals(0, client.getJson("/api/server").get("watchers").asInt(), "no watcher is kept after the end");
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "studio load: %d jobs at 32 px, %d clients following events and polling:"
                    + " all done in %.1f s (a job's own time: median %.1f s); %d polls; at most %d watchers at once; server heap in use at most %.0f MB"
                    + " while running, %.0f MB after a GC; peak resident memory of the JVM %.0f MB%n", JOBS, CLIENTS,
                    seconds, jobSeconds[JOBS / 2], polls.get(), peakWatchers.get(), peakHeap.get() / 1048576.0,
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0, Benchmark.peakResidentBytes() / 1048576.0);
        }
    }
}
