package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job store on SQLite in a temporary folder, without the network. */
class JobStoreTest {
    @TempDir
    Path dir;

    @Test
    void aBoundedHistoryLetsGoOfTheOldestEndedJobsOnly() {
        try (JobStore store = new JobStore(dir.resolve("studio.db"))) {
            for (String id : List.of("old", "older-running", "mid", "new", "queued")) {
                store.add(id, Map.of(), 1, 0, 32, 24, 5);
            }
            store.started("older-running");
            for (String id : List.of("old", "mid", "new")) {
                store.ended(id, JobStatus.DONE, 1, null, true, List.of());
            }
            assertEquals(List.of("old"), store.endedBeyond(2), "the oldest ended one; running and queued stay");
            assertEquals(List.of("mid", "old"), store.endedBeyond(1));
            assertEquals(List.of(), store.endedBeyond(3));
        }
    }

    @Test
    void jobsTheirSettingsAndTheirLossesSurviveReopening() {
        Path db = dir.resolve("studio.db");
        try (JobStore store = new JobStore(db)) {
            store.add("a", Map.of("size", "64", "style-weight", "30"), 2, 0, 64, 48, 20);
            store.add("b", Map.of("size", "32"), 1, 1, 32, 24, 5);
            store.started("a");
            store.ended("a", JobStatus.DONE, 3.5, null, true, List.of(3.0, 2.0, 1.5));
        }
        try (JobStore store = new JobStore(db)) {
            assertEquals(List.of("b", "a"), store.all().stream().map(Job::id).toList(), "newest first");
            Job a = store.get("a").orElseThrow();
            assertEquals(JobStatus.DONE, a.state());
            assertEquals("30", a.settings().get("style-weight"));
            assertEquals(2, a.styles());
            assertEquals(3.5, a.seconds(), 1e-9);
            assertTrue(a.hasResult());
            assertEquals(List.of(3.0, 2.0, 1.5), store.losses("a"));
            assertEquals(List.of("b"), store.queued().stream().map(Job::id).toList());
        }
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefusedNotMisread() throws Exception {
        Path db = dir.resolve("studio.db");
        new JobStore(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version VALUES (" + (JobStore.SCHEMA_VERSION + 1) + ")");
        }
        StudioException e = assertThrows(StudioException.class, () -> new JobStore(db));
        assertTrue(e.getMessage().contains("newer version") && e.getMessage().contains("--data"), e.getMessage());
    }
}
