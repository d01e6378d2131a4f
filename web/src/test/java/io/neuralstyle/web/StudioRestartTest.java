package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralstyle.web.StudioClient.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history survives a restart, and a job the stop interrupted goes on from its checkpoint. */
class StudioRestartTest {
    @TempDir
    Path data;

    @Test
    void aJobRunningAtTheStopIsInterruptedAndResumesFromItsCheckpointAfterTheRestart() {
        StudioConfig config = StudioClient.config(data).withCheckpointInterval(Duration.ofSeconds(1));
        String finished;
        String interrupted;
        int reached;
        try (Studio studio = Studio.start(config)) {
            StudioClient client = new StudioClient(studio);
            finished = client.submit("{\"size\": 32, \"iterations\": 5}").get("id").asText();
            assertEquals("done", last(client.followToEnd(finished)).name());
            interrupted = client.submit("{\"size\": 48, \"iterations\": 60}").get("id").asText();
            List<Event> before = client.follow(interrupted, e -> e.name().equals("progress")
                    && e.data().get("iteration").asInt() >= 10);
            reached = last(before).data().get("iteration").asInt();
        }
        // The stop asked the run to stop after its iteration: it saved its checkpoint and is interrupted.
        assertTrue(Files.isRegularFile(data.resolve("jobs").resolve(interrupted).resolve("run.checkpoint")));

        try (Studio studio = Studio.start(config)) {
            StudioClient client = new StudioClient(studio);
            JsonNode jobs = client.getJson("/api/jobs");
            assertEquals(2, jobs.size(), "the history survives the restart");
            assertEquals("done", client.getJson("/api/jobs/" + finished).get("status").asText());
            assertEquals(200, client.getBytes("/api/jobs/" + finished + "/image").statusCode());
            JsonNode stopped = client.getJson("/api/jobs/" + interrupted);
            assertEquals("interrupted", stopped.get("status").asText());
            assertTrue(stopped.get("resumable").asBoolean());
            int saved = stopped.get("iteration").asInt();
            assertTrue(saved >= reached, saved + " >= " + reached);
            assertEquals(200, client.getBytes("/api/jobs/" + interrupted + "/image").statusCode(),
                    "the best image so far is kept");

            assertEquals(200, client.postEmpty("/api/jobs/" + interrupted + "/resume").statusCode());
            List<Event> after = client.followToEnd(interrupted);
            assertEquals("done", last(after).name(), after.toString());
            int firstAfter = after.stream().filter(e -> e.name().equals("progress")).findFirst().orElseThrow()
                    .data().get("iteration").asInt();
            assertTrue(firstAfter > reached, "went on from the checkpoint at " + reached + ", not from the start: "
                    + firstAfter);
            // The curve is whole: every iteration's loss, those before the stop included.
            int end = client.getJson("/api/jobs/" + interrupted).get("iteration").asInt();
            JsonNode curve = client.getJson("/api/jobs/" + interrupted + "/losses");
            assertEquals(end, curve.size(), "one loss per iteration, from the first: " + curve);
            for (JsonNode loss : curve) {
                assertTrue(loss.isNumber() && loss.asDouble() > 0, "no gap in the curve: " + curve);
            }
            assertEquals(409, client.postEmpty("/api/jobs/" + finished + "/resume").statusCode(),
                    "only an interrupted job resumes");
        }
    }

    @Test
    void aJobLeftRunningByACrashIsMarkedInterruptedAtTheNextStart() {
        Files.exists(data);
        try (JobStore store = new JobStore(data.resolve(Studio.DATABASE))) {
            store.add("crashed", Map.of("size", "32"), 1, 0, 32, 24, 5);
            store.started("crashed");
        }
        try (Studio studio = Studio.start(StudioClient.config(data))) {
            StudioClient client = new StudioClient(studio);
            JsonNode job = client.getJson("/api/jobs/crashed");
            assertEquals("interrupted", job.get("status").asText());
            // It had no checkpoint yet: it says to start again, not to resume, and resuming is refused.
            assertTrue(job.get("message").asText().contains("paint it again"), job.toString());
            assertFalse(job.get("resumable").asBoolean(), job.toString());
            var resume = client.postEmpty("/api/jobs/crashed/resume");
            assertEquals(409, resume.statusCode(), resume.body());
            assertTrue(StudioClient.json(resume.body()).get("error").asText().contains("again"), resume.body());
        }
    }

    private static Event last(List<Event> events) {
        return events.get(events.size() - 1);
    }
}
