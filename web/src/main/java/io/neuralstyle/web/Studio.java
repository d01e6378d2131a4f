package io.neuralstyle.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.HttpResponseException;
import io.javalin.http.SameSite;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.OutputLock;
import io.neuralstyle.transfer.RunPlan;
import io.neuralstyle.transfer.Quality;
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
 * <p>Safe by default: it listens on loopback, answers only under this machine's names and takes
 * changes only from its own page ({@link RequestGuard}); on any other address every request needs
 * the random access token printed at start (in the URL once, then a cookie, or an
 * {@code Authorization: Bearer} header). What one job may cost is bounded ({@link JobLimits}), and
 * uploads are decoded under a memory budget ({@link UploadDecoder}). Every error is a JSON object
 * {@code {"error": "..."}} with the right status; no stack trace reaches a client.
 */
public final class Studio implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Studio.class);
    static final String TOKEN_COOKIE = "neural-style-token";
    static final String DATABASE = "studio.db";
    /** The sizes the page offers first, each with the time it would take here; any other goes in the size field. */
    static final List<SizeChoice> SIZE_CHOICES = List.of(new SizeChoice(256, "Small"),
            new SizeChoice(512, "Medium"), new SizeChoice(1024, "Large"));
    /** The quality presets, in the page's words, first on the form; each with the time it would take here. */
    static final List<QualityChoice> QUALITY_CHOICES = List.of(
            new QualityChoice(Quality.DRAFT, "Draft", "a quick look: the layout and the colours"),
            new QualityChoice(Quality.STANDARD, "Standard", "the strokes filled in"),
            new QualityChoice(Quality.BEST, "Best", "the most iterations at each scale"));
    /** The paintings the page offers to pick from: small copies shipped in the jar (credits in docs/examples). */
    static final List<Painting> PAINTINGS = List.of(
            new Painting("starry_night.jpg", "The Starry Night", "Vincent van Gogh, 1889"),
            new Painting("the_scream.jpg", "The Scream", "Edvard Munch, 1893"),
            new Painting("woman-with-hat-matisse.jpg", "Woman with a Hat", "Henri Matisse, 1905"));

    record SizeChoice(int size, String name) {
    }

    /** @param quality the preset's key, as settings hold it */
    record QualityChoice(String quality, String name, String note) {
        QualityChoice(Quality quality, String name, String note) {
            this(quality.toString(), name, note);
        }
    }

    record Painting(String file, String title, String artist) {
    }

    static final String INTERRUPTED_RESUMABLE = "the server stopped while this ran: resume it to go on from its last"
            + " checkpoint";
    static final String INTERRUPTED_EARLY = "the server stopped before this job saved its first checkpoint: there is"
            + " nothing to go on from, so paint it again (Again)";

    private final StudioConfig config;
    private final String token;
    private final OutputLock dataLock;
    private final JobStore store;
    private final Feeds feeds;
    private final Jobs jobs;
    private final Worker worker;
    private final UploadDecoder decoder;
    private final Submission submission;
    private final RequestGuard guard;
    private final SpeedGauge gauge;
    private final Javalin app;

    private Studio(StudioConfig config) {
        this.config = config;
        boolean needsToken = config.accessToken() != null ? config.accessToken() : !isLoopback(config.host());
        this.token = needsToken ? HexFormat.of().formatHex(randomBytes(24)) : null;
        Path jobsDir = config.dataDir().resolve("jobs");
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new StudioException("cannot create the data folder " + config.dataDir() + " (" + e.getMessage()
                    + "): choose another with --data", e);
        }
        // Locked before anything in it is touched: the clean-up below must not take a live studio's uploads.
        this.dataLock = lockData(config.dataDir());
        try {
            Files.createDirectories(jobsDir);
            Files.createDirectories(config.dataDir().resolve("tmp"));
            removeLeftovers(jobsDir, config.dataDir().resolve("tmp"));
        } catch (IOException e) {
            throw new StudioException("cannot create the data folder " + config.dataDir() + " (" + e.getMessage()
                    + "): choose another with --data", e);
        }
        this.store = new JobStore(config.dataDir().resolve(DATABASE));
        this.feeds = new Feeds();
        this.jobs = new Jobs(store, feeds, jobsDir);
        this.gauge = new SpeedGauge(config.weights(), Settings.builder().set(config.serverSettings()).build());
        this.worker = new Worker(jobs, id -> new JobRun(jobs, id, config.weights(), config.checkpointInterval(), gauge));
        this.decoder = new UploadDecoder(JobLimits.DEFAULT.maxPixels(), UploadDecoder.defaultBudgetBytes());
        this.submission = new Submission(jobsDir, config.serverSettings(), JobLimits.DEFAULT,
                decoder);
        this.guard = new RequestGuard(config.host());
        for (String id : store.interruptRunning(INTERRUPTED_RESUMABLE)) {
            if (!Files.isRegularFile(jobs.files(id).checkpoint())) {
                store.setStatus(id, JobStatus.INTERRUPTED, INTERRUPTED_EARLY);
            }
        }
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

    /**
     * The page's address, with the access token when one is needed: one a person can open, so on a
     * server listening on every address (0.0.0.0) this machine's own address rather than that.
     */
    public String url() {
        String host = RequestGuard.openableName(config.host());
        host = host.contains(":") ? "[" + host + "]" : host;
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
        decoder.close();
        feeds.close();
        store.close();
        try {
            dataLock.close();
        } catch (IOException e) {
            LOG.warn("could not let go of the data folder's lock {}", dataLock.file(), e);
        }
    }

    private void configure(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        // Jetty stops reading beyond these; Submission answers 413 with the limits named.
        cfg.jetty.multipartConfig.maxFileSize(Submission.MAX_FILE_BYTES, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxTotalRequestSize(Submission.MAX_REQUEST_BYTES, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        cfg.jetty.multipartConfig.cacheDirectory(config.dataDir().resolve("tmp").toString());
        cfg.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = "/studio";
            sf.location = Location.CLASSPATH;
        });
        // Errors Jetty answers itself (a malformed request, a header too large) are JSON too.
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        var r = cfg.routes;
        r.before(guard::check);
        r.before(this::checkToken);
        r.get("/api/settings", this::settings);
        r.get("/api/server", this::server);
        r.get("/api/estimates", this::estimates);
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
        r.post("/api/jobs/{id}/cancel", this::cancel);
        r.post("/api/jobs/{id}/again", this::again);
        r.get("/api/jobs/{id}/inputs/{which}", this::inputThumbnail);
        r.delete("/api/jobs/{id}", this::delete);
        r.exception(ApiException.class, (e, ctx) -> {
            // A refusal often comes before the upload is read (a full queue, a foreign page, no token):
            // a connection closed on the unread body is reset, and the reset can reach the client
            // before the answer does.
            Submission.drain(ctx);
            error(ctx, e.status(), e.getMessage());
        });
        r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()
                + ": see the API in docs/web-studio.md"));
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
                error(ctx, 405, ctx.method() + " does not apply to " + ctx.path() + ": see the API in docs/web-studio.md");
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
            if (ctx.method() == HandlerType.GET && !ctx.path().startsWith("/api/")) {
                // The cookie carries it from now on: take the token out of the address bar and the history.
                ctx.redirect(ctx.path(), HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
            }
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
            throw queueFull(); // early, before the upload is read; the bound itself is kept by addIfRoom
        }
        queue(ctx, submission.accept(ctx));
    }

    /**
     * A new job with an earlier job's pictures and settings, those sent (a JSON field settings) in
     * place of the earlier's.
     */
    private void again(Context ctx) {
        Job earlier = job(ctx);
        if (store.count(JobStatus.QUEUED) >= config.maxQueued()) {
            throw queueFull();
        }
        Map<String, String> settings = Submission.carriedOver(earlier.settings());
        settings.putAll(Submission.given(ctx.formParam("settings")));
        queue(ctx, submission.again(jobs.files(earlier.id()), earlier.styles(), earlier.masks(),
                Json.write(settings)));
    }

    /**
     * Keeps the history bounded: the oldest ended jobs beyond {@link StudioConfig#maxKept()} go, with
     * their pictures, when a new job comes.
     */
    private void prune() {
        for (String id : store.endedBeyond(config.maxKept())) {
            store.remove(id);
            Submission.deleteTree(jobs.files(id).dir());
        }
    }

    private void queue(Context ctx, Submission.Accepted a) {
        prune();
        Job job = store.addIfRoom(config.maxQueued(), a.id(), a.settings().describe(), a.styles(), a.masks(),
                a.plan().last().width(), a.plan().last().height(), a.plan().totalIterations()).orElse(null);
        if (job == null) {
            Submission.deleteTree(jobs.files(a.id()).dir());
            throw queueFull();
        }
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

    /** A small copy of the job's photo ({@code content}) or of one of its paintings ({@code style-N}). */
    private void inputThumbnail(Context ctx) {
        Job job = job(ctx);
        String which = ctx.pathParam("which");
        boolean known = which.equals("content") || which.matches("style-\\d{1,2}")
                && Integer.parseInt(which.substring(6)) < job.styles();
        Path thumb = jobs.files(job.id()).inputThumbnail(which);
        if (!known || !Files.isRegularFile(thumb)) {
            throw new ApiException(404, "job " + job.id() + " has no picture " + which + ": ask for content or style-0"
                    + " to style-" + (job.styles() - 1));
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
        if (!Files.isRegularFile(jobs.files(job.id()).checkpoint())) {
            throw new ApiException(409, "job " + job.id() + " stopped before it saved a checkpoint, so there is nothing"
                    + " to go on from: paint it again with POST /api/jobs/" + job.id() + "/again");
        }
        if (!store.requeueIfRoom(config.maxQueued(), job.id())) {
            throw queueFull();
        }
        worker.submit(job.id());
        ctx.json(jobs.view(store.get(job.id()).orElseThrow()));
    }

    private ApiException queueFull() {
        return new ApiException(429, "the queue is full (" + config.maxQueued() + " jobs waiting): try again when"
                + " some have run");
    }

    /** Cancels a queued or running job (202, the job); an ended one is left as it is (409). */
    private void cancel(Context ctx) {
        Job job = job(ctx);
        if (job.state().ended()) {
            throw new ApiException(409, "job " + job.id() + " has already ended (" + job.status() + "): there is"
                    + " nothing to cancel; DELETE /api/jobs/" + job.id() + " removes it and its pictures");
        }
        if (!worker.cancel(job.id())) {
            // Between the queue and the start: the run sees it cancelled and does not start.
            store.cancelQueued(job.id());
            jobs.publishEnd(job.id());
        }
        ctx.status(202).json(jobs.view(store.get(job.id()).orElseThrow()));
    }

    /** Removes an ended job and its files (204); a queued or running one must be cancelled first (409). */
    private void delete(Context ctx) {
        Job job = job(ctx);
        if (!job.state().ended()) {
            throw new ApiException(409, "job " + job.id() + " is " + job.status() + ": cancel it first (POST /api/jobs/"
                    + job.id() + "/cancel), then delete it");
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
                config.maxQueued(), "sizes", SIZE_CHOICES, "minSize", Settings.MIN_SIDE, "qualities", QUALITY_CHOICES,
                "paintings", PAINTINGS));
    }

    /**
     * How long a job would take on this server at each of the page's sizes (and at the one in
     * {@code settings} where that is another), and at each quality at the size asked: {@code width}
     * and {@code height} give the photo's shape (4:3 where absent), {@code settings} the other
     * settings as JSON.
     */
    private void estimates(Context ctx) {
        int width = positive(ctx, "width", 4);
        int height = positive(ctx, "height", 3);
        Map<String, String> given = Submission.given(ctx.queryParam("settings"));
        List<Integer> sizes = new ArrayList<>(SIZE_CHOICES.stream().map(SizeChoice::size).toList());
        int asked = submission.settings(given).size();
        if (!sizes.contains(asked)) {
            sizes.add(asked);
        }
        List<Map<String, Object>> bySize = new ArrayList<>();
        for (int size : sizes) {
            Map<String, String> at = new LinkedHashMap<>(given);
            at.put(SettingKey.SIZE.key(), String.valueOf(size));
            Map<String, Object> row = estimate(at, width, height);
            row.put("size", size);
            bySize.add(row);
        }
        List<Map<String, Object>> byQuality = new ArrayList<>();
        for (QualityChoice q : QUALITY_CHOICES) {
            Map<String, String> at = new LinkedHashMap<>(given);
            at.put(SettingKey.QUALITY.key(), q.quality());
            Map<String, Object> row = estimate(at, width, height);
            row.put("quality", q.quality());
            byQuality.add(row);
        }
        ctx.json(Map.of("estimates", bySize, "qualities", byQuality, "basis",
                gauge.basis() == null ? "" : gauge.basis()));
    }

    /** The output's shape and the time a job of these settings would take here, or why it would be refused. */
    private Map<String, Object> estimate(Map<String, String> given, int width, int height) {
        Settings settings = submission.settings(given);
        RunPlan plan = RunPlan.of(settings, width, height);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("width", plan.last().width());
        row.put("height", plan.last().height());
        try {
            JobLimits.DEFAULT.checkPlan(plan, settings);
            row.put("seconds", gauge.seconds(plan, settings));
        } catch (ApiException e) {
            row.put("refused", e.getMessage());
        }
        return row;
    }

    private static int positive(Context ctx, String name, int otherwise) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return otherwise;
        }
        try {
            int v = Integer.parseInt(text);
            if (v > 0 && v <= ImageReader.MAX_SIDE) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name + " must be a whole number of pixels from 1 to " + ImageReader.MAX_SIDE
                + ", got '" + text + "'");
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

    /** One studio per data folder: two would run each other's jobs and clean each other's uploads away. */
    private static OutputLock lockData(Path dataDir) {
        try {
            return OutputLock.acquire(dataDir.resolve(DATABASE));
        } catch (OutputLock.HeldException e) {
            throw new StudioException("another studio is using the data folder " + dataDir + " (" + e.holder()
                    + "): stop it, or start this one with another --data", e);
        } catch (IOException e) {
            throw new StudioException("cannot lock the data folder " + dataDir + " (" + e.getMessage()
                    + "): choose another with --data", e);
        }
    }

    /**
     * Removes what a stop in the middle of an upload left: Jetty's part files and the folder of a
     * submission not yet accepted. No job refers to either.
     */
    private static void removeLeftovers(Path jobsDir, Path tmp) throws IOException {
        try (var parts = Files.list(tmp)) {
            for (Path p : parts.toList()) {
                Submission.deleteTree(p);
            }
        }
        try (var dirs = Files.list(jobsDir)) {
            for (Path p : dirs.filter(d -> d.getFileName().toString().startsWith(".incoming-")).toList()) {
                Submission.deleteTree(p);
            }
        }
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
