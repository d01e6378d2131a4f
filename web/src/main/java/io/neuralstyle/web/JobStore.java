package io.neuralstyle.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs and their settings, in an SQLite database in the data folder, so that the history
 * survives a restart. The schema is created on first start and carries its version; a database of a
 * newer version is refused rather than misread. One connection, used by one thread at a time.
 */
final class JobStore implements AutoCloseable {
    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> SETTINGS = new TypeReference<>() { };
    private static final TypeReference<List<Double>> LOSSES = new TypeReference<>() { };

    private final Connection db;

    JobStore(Path file) {
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                int version = 0;
                try (ResultSet r = s.executeQuery("SELECT max(version) FROM schema_version")) {
                    if (r.next()) {
                        version = r.getInt(1);
                    }
                }
                if (version > SCHEMA_VERSION) {
                    throw new StudioException(file + " was made by a newer version of neural-style (schema " + version
                            + "): use that version, or start with another --data folder");
                }
                if (version < 1) {
                    s.execute("""
                            CREATE TABLE jobs (
                              id TEXT PRIMARY KEY,
                              seq INTEGER NOT NULL,
                              status TEXT NOT NULL,
                              created TEXT NOT NULL,
                              started TEXT,
                              finished TEXT,
                              settings TEXT NOT NULL,
                              styles INTEGER NOT NULL,
                              masks INTEGER NOT NULL,
                              width INTEGER NOT NULL,
                              height INTEGER NOT NULL,
                              iteration INTEGER NOT NULL DEFAULT 0,
                              iterations INTEGER NOT NULL,
                              seconds REAL NOT NULL DEFAULT 0,
                              message TEXT,
                              has_result INTEGER NOT NULL DEFAULT 0,
                              losses TEXT)""");
                    s.execute("INSERT INTO schema_version VALUES (1)");
                }
            }
        } catch (SQLException e) {
            throw new StudioException("cannot open the job database " + file + " (" + e.getMessage()
                    + "): check that the --data folder can be written", e);
        }
    }

    /** Adds a queued job and returns it. */
    synchronized Job add(String id, Map<String, String> settings, int styles, int masks, int width, int height,
            int iterations) {
        long seq = 1;
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT coalesce(max(seq), 0) FROM jobs")) {
            if (r.next()) {
                seq = r.getLong(1) + 1;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        update("INSERT INTO jobs (id, seq, status, created, settings, styles, masks, width, height, iterations)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, seq, JobStatus.QUEUED.text(), Instant.now().toString(),
                json(settings), styles, masks, width, height, iterations);
        return get(id).orElseThrow();
    }

    /**
     * Adds a queued job unless {@code maxQueued} already wait: the count and the insert under one
     * lock, so that parallel submissions cannot overshoot the bound.
     */
    synchronized Optional<Job> addIfRoom(int maxQueued, String id, Map<String, String> settings, int styles, int masks,
            int width, int height, int iterations) {
        if (count(JobStatus.QUEUED) >= maxQueued) {
            return Optional.empty();
        }
        return Optional.of(add(id, settings, styles, masks, width, height, iterations));
    }

    /** Queues an interrupted job again unless {@code maxQueued} already wait; whether it did. */
    synchronized boolean requeueIfRoom(int maxQueued, String id) {
        if (count(JobStatus.QUEUED) >= maxQueued) {
            return false;
        }
        requeue(id);
        return true;
    }

    synchronized Optional<Job> get(String id) {
        List<Job> found = query("SELECT * FROM jobs WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every job, the newest first. */
    synchronized List<Job> all() {
        return query("SELECT * FROM jobs ORDER BY seq DESC");
    }

    /** The ended jobs older than the newest {@code keep} ended ones: those a bounded history lets go. */
    synchronized List<String> endedBeyond(int keep) {
        return query("SELECT * FROM jobs WHERE status NOT IN (?, ?) ORDER BY seq DESC LIMIT -1 OFFSET ?",
                JobStatus.QUEUED.text(), JobStatus.RUNNING.text(), keep).stream().map(Job::id).toList();
    }

    /** The queued jobs in the order they will run. */
    synchronized List<Job> queued() {
        return query("SELECT * FROM jobs WHERE status = ? ORDER BY seq", JobStatus.QUEUED.text());
    }

    synchronized int count(JobStatus status) {
        try (PreparedStatement p = db.prepareStatement("SELECT count(*) FROM jobs WHERE status = ?")) {
            p.setString(1, status.text());
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    synchronized void started(String id) {
        update("UPDATE jobs SET status = ?, started = ?, finished = NULL, message = NULL WHERE id = ?",
                JobStatus.RUNNING.text(), Instant.now().toString(), id);
    }

    synchronized void progress(String id, int iteration) {
        update("UPDATE jobs SET iteration = ? WHERE id = ?", iteration, id);
    }

    /** The end of a run: its status, the seconds it added, its message, whether a result is written, its losses. */
    synchronized void ended(String id, JobStatus status, double addedSeconds, String message, boolean hasResult,
            List<Double> losses) {
        update("UPDATE jobs SET status = ?, finished = ?, seconds = seconds + ?, message = ?, has_result = ?,"
                + " losses = ? WHERE id = ?", status.text(), Instant.now().toString(), addedSeconds, message,
                hasResult ? 1 : 0, json(losses), id);
    }

    synchronized void setStatus(String id, JobStatus status, String message) {
        update("UPDATE jobs SET status = ?, message = ? WHERE id = ?", status.text(), message, id);
    }

    /** A cancelled queued job: ended without running. */
    synchronized void cancelQueued(String id) {
        update("UPDATE jobs SET status = ?, finished = ? WHERE id = ? AND status = ?", JobStatus.CANCELLED.text(),
                Instant.now().toString(), id, JobStatus.QUEUED.text());
    }

    synchronized void requeue(String id) {
        update("UPDATE jobs SET status = ?, finished = NULL, message = NULL WHERE id = ?", JobStatus.QUEUED.text(), id);
    }

    synchronized void remove(String id) {
        update("DELETE FROM jobs WHERE id = ?", id);
    }

    /** The total loss after each iteration of a job's last run, as saved when it ended. */
    synchronized List<Double> losses(String id) {
        try (PreparedStatement p = db.prepareStatement("SELECT losses FROM jobs WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                String text = r.next() ? r.getString(1) : null;
                return text == null ? List.of() : JSON.readValue(text, LOSSES);
            }
        } catch (SQLException e) {
            throw failed(e);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    /** Jobs that were running when the server stopped without saying so (a crash, a kill): now interrupted. */
    synchronized List<String> interruptRunning(String message) {
        List<String> ids = query("SELECT * FROM jobs WHERE status = ?", JobStatus.RUNNING.text()).stream()
                .map(Job::id).toList();
        for (String id : ids) {
            update("UPDATE jobs SET status = ?, message = ?, finished = ? WHERE id = ?",
                    JobStatus.INTERRUPTED.text(), message, Instant.now().toString(), id);
        }
        return ids;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // Closing: nothing left to save.
        }
    }

    private List<Job> query(String sql, Object... args) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            bind(p, args);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    jobs.add(new Job(r.getString("id"), r.getLong("seq"), r.getString("status"), r.getString("created"),
                            r.getString("started"), r.getString("finished"), JSON.readValue(r.getString("settings"),
                                    SETTINGS), r.getInt("styles"), r.getInt("masks"), r.getInt("width"),
                            r.getInt("height"), r.getInt("iteration"), r.getInt("iterations"), r.getDouble("seconds"),
                            r.getString("message"), r.getInt("has_result") != 0, null, false));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw failed(e);
        } catch (JsonProcessingException e) {
            throw new StudioException("the job database holds settings that are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            bind(p, args);
            p.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static void bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StudioException failed(SQLException e) {
        return new StudioException("the job database failed (" + e.getMessage() + "): check the disk of the --data"
                + " folder", e);
    }
}
