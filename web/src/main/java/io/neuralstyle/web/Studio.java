package io.neuralstyle.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpResponseException;
import io.javalin.http.SameSite;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web studio: one page and a JSON API over core's run, a queue that runs one job at a time,
 * and a job store in the data folder that survives restarts. Jobs that were running when the server
 * last stopped are marked interrupted, and go on from their checkpoint when resumed; queued ones
 * run again.
 *
 * <p>Safe by default: it listens on loopback; on any other address every request needs the random
 * access token printed at start (in the URL once, then a cookie, or an {@code Authorization: Bearer}
 * header). Every error is a JSON object {@code {"error": "..."}} with the right status; no stack
 * trace reaches a client.
 */
public final class Studio implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Studio.class);
    static final String TOKEN_COOKIE = "neural-style-token";
    static final String DATABASE = "studio.db";

    private final StudioConfig config;
    private final String token;
    private final JobStore store;
    private final Feeds feeds;
    private final Jobs jobs;
    private final Worker worker;
    private final Submission submission;
    private final Javalin app;

    private Studio(StudioConfig config) {
        this.config = config;
        boolean needsToken = config.accessToken() != null ? config.accessToken() : !isLoopback(config.host());
        this.token = needsToken ? HexFormat.of().formatHex(randomBytes(24)) : null;
        Path jobsDir = config.dataDir().resolve("jobs");
        try {
            Files.createDirectories(jobsDir);
            Files.createDirectories(config.dataDir().resolve("tmp"));
        } catch (IOException e) {
            throw new StudioException("cannot create the data folder " + config.dataDir() + " (" + e.getMessage()
                    + "): choose another with --data", e);
        }
        this.store = new JobStore(config.dataDir().resolve(DATABASE));
        this.feeds = new Feeds();
        this.jobs = new Jobs(store, feeds, jobsDir);
        this.worker = new Worker(jobs, id -> new JobRun(jobs, id, config.weights(), config.checkpointInterval()));
        this.submission = new Submission(jobsDir, config.weights(), config.serverSettings());
        store.interruptRunning("the server stopped while this ran: resume it to go on from its last checkpoint");
        for (Job queued : store.queued()) {
            worker.submit(queued.id());
        }
        this.app = Javalin.create(this::configure);
    }

    /** Starts a studio: the worker, then the server. */
    public static Studio start(StudioConfig config) {
        Studio studio = new Studio(config);
        studio.worker.start();
        try {
            studio.app.start(config.host(), config.port());
        } catch (RuntimeException e) {
            studio.close();
            throw new StudioException("cannot listen on " + config.host() + ":" + config.port() + " ("
                    + rootMessage(e) + "): choose another --port, or 0 for any free one", e);
        }
        return studio;
    }

    /** The port it listens on (the one chosen when asked for 0). */
    public int port() {
        return app.port();
    }

    /** The page's address, with the access token when one is needed. */
    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port() + "/" + (token == null ? "" : "?token=" + token);
    }

    /** The access token, or null on loopback where none is needed. */
    public String token() {
        return token;
    }

    /**
     * Stops: the running job stops after its current iteration, saves its checkpoint and is marked
     * interrupted; then the server and the store close.
     */
    @Override
    public void close() {
        worker.close();
        app.stop();
        feeds.close();
        store.close();
    }

    private void configure(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        // Jetty refuses beyond these; Submission refuses beyond its own, smaller limit with a clearer message.
        cfg.jetty.multipartConfig.maxFileSize(2 * Submission.MAX_FILE_BYTES, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxTotalRequestSize(16 * Submission.MAX_FILE_BYTES, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        cfg.jetty.multipartConfig.cacheDirectory(config.dataDir().resolve("tmp").toString());
        cfg.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = "/studio";
            sf.location = Location.CLASSPATH;
        });
        var r = cfg.routes;
        r.before(this::checkToken);
        r.get("/api/settings", this::settings);
        r.get("/api/server", this::server);
        r.get("/api/jobs", ctx -> ctx.json(jobs.all()));
        r.post("/api/jobs", this::submit);
        r.get("/api/jobs/{id}", ctx -> ctx.json(jobs.view(job(ctx))));
        r.before("/api/jobs/{id}/events", ctx -> {
            job(ctx);
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new ApiException(406, "the events are a stream of server-sent events: send the header"
                        + " Accept: text/event-stream (curl -N -H 'Accept: text/event-stream' ...)");
            }
        });
        r.sse("/api/jobs/{id}/events", this::watch);
        r.get("/api/jobs/{id}/image", this::image);
        r.get("/api/jobs/{id}/thumbnail", this::thumbnail);
        r.get("/api/jobs/{id}/losses", ctx -> ctx.json(losses(job(ctx))));
        r.post("/api/jobs/{id}/resume", this::resume);
        r.delete("/api/jobs/{id}", this::delete);
        r.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()
                + ": see the API in the README"));
        r.exception(StudioException.class, (e, ctx) -> {
            LOG.error("studio error", e);
            error(ctx, 500, e.getMessage());
        });
        r.exception(Exception.class, (e, ctx) -> {
            if (ended(ctx)) {
                return; // a watcher went away mid-write: its stream is closed, there is no one to answer
            }
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "unexpected error in the server (" + e.getClass().getSimpleName() + "); the server's log"
                    + " has the details to report");
        });
        r.error(404, ctx -> {
            if (ctx.attribute("error") == null) {
                error(ctx, 404, "no such page: " + ctx.path() + " (the studio is at /, its API under /api/jobs)");
            }
        });
        r.error(405, ctx -> {
            if (ctx.attribute("error") == null) {
                error(ctx, 405, ctx.method() + " does not apply to " + ctx.path() + ": see the API in the README");
            }
        });
    }

    /**
     * Whether the request has ended: when a write to an event stream fails because its client went
     * away, Javalin hands the failure to the exception handlers after Jetty has recycled the request,
     * and touching it then throws (and would be handed back to this handler).
     */
    private static boolean ended(Context ctx) {
        try {
            ctx.path();
            ctx.attribute("error");
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static void error(Context ctx, int status, String message) {
        ctx.attribute("error", message);
        ctx.status(status).json(Map.of("error", message));
    }

    private void checkToken(Context ctx) {
        if (token == null) {
            return;
        }
        String given = ctx.queryParam("token");
        if (given != null && same(given, token)) {
            ctx.cookie(new Cookie(TOKEN_COOKIE, token, "/", -1, false, true, null, SameSite.STRICT));
            return;
        }
        String cookie = ctx.cookie(TOKEN_COOKIE);
        String header = ctx.header("Authorization");
        if (cookie != null && same(cookie, token)
                || header != null && header.startsWith("Bearer ") && same(header.substring(7).trim(), token)) {
            return;
        }
        throw new ApiException(401, "this studio needs its access token: open the address the server printed at"
                + " start (the one with ?token=), or send the header Authorization: Bearer TOKEN");
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The job a path names, or 404. */
    private Job job(Context ctx) {
        String id = ctx.pathParam("id");
        return store.get(id).orElseThrow(() -> ApiException.notFound(id));
    }

    private void submit(Context ctx) {
        if (store.count(JobStatus.QUEUED) >= config.maxQueued()) {
            throw new ApiException(429, "the queue is full (" + config.maxQueued() + " jobs waiting): try again when"
                    + " some have run");
        }
        Submission.Accepted a = submission.accept(ctx);
        Job job = store.add(a.id(), a.settings().describe(), a.styles(), a.masks(), a.plan().last().width(),
                a.plan().last().height(), a.plan().totalIterations());
        Job view = jobs.view(job);
        worker.submit(job.id());
        ctx.status(201).json(view);
    }

    private void watch(SseClient client) {
        String id = client.ctx().pathParam("id");
        client.keepAlive();
        JobFeed feed = feeds.of(id);
        Job job = store.get(id).orElse(null);
        if (job == null) {
            feeds.end(id, "failed", Json.write(Map.of("error", "no job " + id)));
        } else if (job.state().ended()) {
            feeds.end(id, job.status(), Json.write(jobs.view(job)));
        }
        feed.subscribe(client, job == null ? "{}" : Json.write(jobs.view(job)), job == null ? List.of()
                : store.losses(id));
    }

    private void image(Context ctx) {
        Job job = job(ctx);
        JobFiles files = jobs.files(job.id());
        JobFeed feed = feeds.find(job.id());
        byte[] live = feed == null ? null : feed.latestPreview();
        boolean download = ctx.queryParam("download") != null;
        ctx.header("Cache-Control", "no-store");
        if (job.state() == JobStatus.RUNNING && live != null && !download) {
            ctx.contentType("image/png").result(live);
        } else if (Files.isRegularFile(files.result())) {
            if (download) {
                ctx.header("Content-Disposition", "attachment; filename=\"neural-style-" + job.id().substring(0, 8)
                        + ".png\"");
            }
            sendFile(ctx, files.result());
        } else if (Files.isRegularFile(files.partial())) {
            sendFile(ctx, files.partial());
        } else if (live != null) {
            ctx.contentType("image/png").result(live);
        } else {
            throw new ApiException(404, "job " + job.id() + " has no image yet (it is " + job.status() + "): wait for"
                    + " its first preview event");
        }
    }

    private void thumbnail(Context ctx) {
        Job job = job(ctx);
        Path thumb = jobs.files(job.id()).thumbnail();
        if (!Files.isRegularFile(thumb)) {
            throw new ApiException(404, "job " + job.id() + " has no thumbnail: only finished jobs have one");
        }
        sendFile(ctx, thumb);
    }

    private static void sendFile(Context ctx, Path file) {
        try {
            ctx.contentType("image/png").result(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Double> losses(Job job) {
        JobFeed feed = feeds.find(job.id());
        return feed != null && !feed.losses().isEmpty() ? feed.losses() : store.losses(job.id());
    }

    private void resume(Context ctx) {
        Job job = job(ctx);
        if (job.state() != JobStatus.INTERRUPTED) {
            throw new ApiException(409, "job " + job.id() + " is " + job.status() + ": only an interrupted job can be"
                    + " resumed");
        }
        if (store.count(JobStatus.QUEUED) >= config.maxQueued()) {
            throw new ApiException(429, "the queue is full (" + config.maxQueued() + " jobs waiting): try again when"
                    + " some have run");
        }
        store.requeue(job.id());
        worker.submit(job.id());
        ctx.json(jobs.view(store.get(job.id()).orElseThrow()));
    }

    /** Cancels a queued or running job (202, the job); removes an ended one and its files (204). */
    private void delete(Context ctx) {
        Job job = job(ctx);
        if (!job.state().ended()) {
            if (!worker.cancel(job.id())) {
                // Between the queue and the start: the run sees it cancelled and does not start.
                store.cancelQueued(job.id());
                jobs.publishEnd(job.id());
            }
            ctx.status(202).json(jobs.view(store.get(job.id()).orElseThrow()));
            return;
        }
        store.remove(job.id());
        Submission.deleteTree(jobs.files(job.id()).dir());
        ctx.status(204);
    }

    /** The settings' table for the page's form: each key, its form, its default (the server's own where set). */
    private void settings(Context ctx) {
        Map<String, String> defaults = Settings.builder().set(config.serverSettings()).build().describe();
        List<Map<String, String>> keys = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            Map<String, String> k = new LinkedHashMap<>();
            k.put("key", key.key());
            k.put("form", key.form());
            k.put("default", defaults.getOrDefault(key.key(), key.defaultText()));
            k.put("description", key.description());
            keys.add(k);
        }
        ctx.json(Map.of("settings", keys, "maxFileBytes", Submission.MAX_FILE_BYTES, "maxQueued",
                config.maxQueued()));
    }

    /** The server's state: what runs, how many wait and watch, and the Java heap in use. */
    private void server(Context ctx) {
        Runtime rt = Runtime.getRuntime();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("running", worker.running());
        s.put("queued", store.count(JobStatus.QUEUED));
        s.put("watchers", feeds.clientCount());
        s.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        s.put("heapMaxBytes", rt.maxMemory());
        ctx.json(s);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new StudioException("unknown --host " + host + ": give an address of this machine, e.g. 127.0.0.1",
                    e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
