package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio on loopback, tried as an attacker would: a foreign Host header (DNS rebinding), a
 * request from another origin, a flood of parallel submissions, an oversized body, jobs whose cost
 * has no bound. Each of these got through before the guard (see the findings 1-7).
 */
class StudioGuardTest {
    @TempDir
    Path data;
    private Studio studio;
    private StudioClient client;

    private void start(StudioConfig config) {
        studio = Studio.start(config);
        client = new StudioClient(studio);
    }

    @AfterEach
    void stop() {
        if (studio != null) {
            studio.close();
        }
    }

    @Test
    void aForeignHostHeaderIsRefusedSoDnsRebindingReadsNothing() throws Exception {
        start(StudioClient.config(data));
        for (String path : List.of("/api/jobs", "/", "/api/settings")) {
            String answer = rawGet(studio.port(), "attacker.example:" + studio.port(), path);
            assertTrue(answer.startsWith("HTTP/1.1 403"), path + ": " + firstLine(answer));
            assertTrue(answer.contains("\"error\"") && answer.contains("attacker.example"), answer);
        }
        for (String host : List.of("127.0.0.1", "localhost", "[::1]")) {
            String answer = rawGet(studio.port(), host + ":" + studio.port(), "/api/jobs");
            assertTrue(answer.startsWith("HTTP/1.1 200"), host + ": " + firstLine(answer));
        }
    }

    /**
     * Refused before its body is read, an upload must still hear why, and the client's next request on
     * the same kept-alive connection must not find it closed under it.
     */
    @Test
    void aRefusedUploadStillGetsItsAnswer() {
        start(StudioClient.config(data));
        String evil = "http://127.0.0.1:" + (studio.port() == 65535 ? 1 : studio.port() + 1);
        for (int i = 0; i < 30; i++) {
            StudioClient.Form form = StudioClient.job("{\"size\": 32, \"iterations\": 2}");
            if (i % 3 == 0) {
                form.file("style", "big.png", new byte[8 << 20]);
            }
            HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(client.base + "/api/jobs"))
                    .header("Content-Type", form.contentType()).header("Origin", evil).POST(form.publisher()).build());
            assertEquals(403, post.statusCode(), post.body());
        }
        assertEquals(0, client.getJson("/api/jobs").size(), "no job was created");
    }

    @Test
    void aRequestFromAnotherOriginChangesNothing() {
        start(StudioClient.config(data));
        String evil = "http://127.0.0.1:" + (studio.port() == 65535 ? 1 : studio.port() + 1);
        StudioClient.Form form = StudioClient.job("{\"size\": 32, \"iterations\": 2}");
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(client.base + "/api/jobs"))
                .header("Content-Type", form.contentType()).header("Origin", evil).POST(form.publisher()).build());
        assertEquals(403, post.statusCode(), post.body());
        assertTrue(StudioClient.json(post.body()).get("error").asText().contains("another site"), post.body());
        HttpResponse<String> fetchMetadata = send(HttpRequest.newBuilder(URI.create(client.base + "/api/jobs"))
                .header("Content-Type", form.contentType()).header("Sec-Fetch-Site", "same-site")
                .POST(form.publisher()).build());
        assertEquals(403, fetchMetadata.statusCode(), fetchMetadata.body());
        assertEquals(0, client.getJson("/api/jobs").size(), "no job was created");

        // The studio's own page (its origin, or a request with no Origin such as curl's) is served.
        HttpResponse<String> own = send(HttpRequest.newBuilder(URI.create(client.base + "/api/jobs"))
                .header("Content-Type", form.contentType()).header("Origin", client.base)
                .header("Sec-Fetch-Site", "same-origin").POST(form.publisher()).build());
        assertEquals(201, own.statusCode(), own.body());
    }

    @Test
    void errorsJettyAnswersItselfAreJsonToo() throws Exception {
        start(StudioClient.config(data));
        String huge = "x".repeat(64 * 1024);
        try (Socket s = new Socket("127.0.0.1", studio.port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /api/jobs HTTP/1.1\r\nHost: 127.0.0.1:" + studio.port() + "\r\nX-Big: "
                    + huge + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 431"), firstLine(answer));
            assertTrue(answer.contains("application/json") && answer.contains("\"error\""), answer);
        }
    }

    @Test
    void everyAnswerCarriesProtectiveHeaders() {
        start(StudioClient.config(data));
        for (String path : List.of("/", "/studio.js", "/api/jobs", "/api/jobs/none")) {
            HttpResponse<String> r = client.get(path);
            var h = r.headers();
            assertEquals("nosniff", h.firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("DENY", h.firstValue("X-Frame-Options").orElse(""), path);
            String csp = h.firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"), path + ": " + csp);
            assertEquals("no-referrer", h.firstValue("Referrer-Policy").orElse(""), path);
            assertEquals("same-origin", h.firstValue("Cross-Origin-Resource-Policy").orElse(""), path);
        }
    }

    @Test
    void sixtyParallelSubmissionsLeaveAtMostFiftyQueued() throws Exception {
        start(StudioClient.config(data));
        // A long job holds the worker, so that nothing leaves the queue while the flood comes in.
        String holder = client.submit("{\"size\": 64, \"iterations\": 5000}").get("id").asText();
        client.follow(holder, e -> e.name().equals("progress"));
        ExecutorService pool = Executors.newFixedThreadPool(30);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int seed = i;
            answers.add(pool.submit(() -> client.post("/api/jobs",
                    StudioClient.job("{\"size\": 32, \"iterations\": 2, \"seed\": " + seed + "}")).statusCode()));
        }
        int created = 0;
        int full = 0;
        for (Future<Integer> a : answers) {
            int status = a.get(3, TimeUnit.MINUTES);
            created += status == 201 ? 1 : 0;
            full += status == 429 ? 1 : 0;
        }
        pool.shutdown();
        int queued = client.getJson("/api/server").get("queued").asInt();
        assertTrue(queued <= StudioConfig.DEFAULT_MAX_QUEUED, queued + " queued");
        assertEquals(StudioConfig.DEFAULT_MAX_QUEUED, created, "201s");
        assertEquals(60 - StudioConfig.DEFAULT_MAX_QUEUED, full, "429s");
        try (Stream<Path> dirs = Files.list(data.resolve("jobs"))) {
            assertEquals(StudioConfig.DEFAULT_MAX_QUEUED + 1, dirs.count(), "a refused submission leaves no folder");
        }
        assertEquals(202, client.postEmpty("/api/jobs/" + holder + "/cancel").statusCode());
    }

    @Test
    void aHundredMegabyteBodyGets413InJson() {
        start(StudioClient.config(data));
        byte[] big = new byte[100 << 20];
        StudioClient.Form form = new StudioClient.Form().file("content", "photo.jpg", big)
                .file("style", StudioClient.image("starry_night.jpg"));
        for (boolean chunked : new boolean[] {false, true}) {
            HttpRequest.BodyPublisher body = chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(form.bytes()))
                    : form.publisher();
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(client.base + "/api/jobs"))
                    .header("Content-Type", form.contentType()).POST(body).build());
            assertEquals(413, r.statusCode(), (chunked ? "chunked: " : "") + r.body());
            assertTrue(StudioClient.json(r.body()).get("error").asText().contains("MB"), r.body());
        }
        assertEquals(0, client.getJson("/api/jobs").size());
    }

    @Test
    void jobsOverTheCapsAreRefusedBeforeQueueingWithTheLimitNamed() throws Exception {
        start(StudioClient.config(data));
        assertRefused(StudioClient.job("{\"iterations\": 1000000000}"), "iterations");
        assertRefused(StudioClient.job("{\"lbfgs-history\": 100000000}"), "lbfgs-history");
        StudioClient.Form many = new StudioClient.Form().file("content", StudioClient.image("tubingen.jpg"));
        byte[] painting = Files.readAllBytes(StudioClient.image("starry_night.jpg"));
        for (int i = 0; i < 12; i++) {
            many.file("style", "p" + i + ".jpg", painting);
        }
        assertRefused(many, "paintings");
        // 10000 x 10000 in a few hundred kilobytes: refused from its header, never decoded.
        StudioClient.Form bomb = new StudioClient.Form().file("content", "bomb.png", bilevelPng(10000, 10000))
                .file("style", StudioClient.image("starry_night.jpg"));
        assertRefused(bomb, "megapixels");
        assertEquals(0, client.getJson("/api/jobs").size(), "nothing queued");
    }

    @Test
    void aJobThatWouldStartFromAFileOnTheServerIsRefused() {
        start(StudioClient.config(data));
        HttpResponse<String> r = client.post("/api/jobs", StudioClient.job("{\"init\": \"/etc/hostname\"}"));
        assertEquals(400, r.statusCode(), r.body());
        String message = StudioClient.json(r.body()).get("error").asText();
        assertTrue(message.startsWith("init: ") && message.contains("use init noise or content"), message);
        assertEquals(0, client.getJson("/api/jobs").size(), "nothing queued");
    }

    private void assertRefused(StudioClient.Form form, String named) {
        HttpResponse<String> r = client.post("/api/jobs", form);
        assertEquals(400, r.statusCode(), named + ": " + r.body());
        String message = StudioClient.json(r.body()).get("error").asText();
        assertTrue(message.contains(named) && message.matches(".*\\d.*"), "names the limit: " + message);
    }

    @Test
    void cancelAndDeleteAreTwoCallsAndCancellingAnEndedJobDeletesNothing() {
        start(StudioClient.config(data));
        String id = client.submit("{\"size\": 32, \"iterations\": 3}").get("id").asText();
        List<StudioClient.Event> done = client.followToEnd(id);
        assertEquals("done", done.get(done.size() - 1).name());
        HttpResponse<String> cancel = client.postEmpty("/api/jobs/" + id + "/cancel");
        assertEquals(409, cancel.statusCode(), cancel.body());
        JsonNode still = client.getJson("/api/jobs/" + id);
        assertEquals("done", still.get("status").asText());
        assertEquals(200, client.getBytes("/api/jobs/" + id + "/image").statusCode(), "the result is kept");

        String running = client.submit("{\"size\": 48, \"iterations\": 5000}").get("id").asText();
        client.follow(running, e -> e.name().equals("progress"));
        HttpResponse<String> deleteRunning = client.delete("/api/jobs/" + running);
        assertEquals(409, deleteRunning.statusCode(), deleteRunning.body());
        assertTrue(StudioClient.json(deleteRunning.body()).get("error").asText().contains("cancel"));
        assertEquals(202, client.postEmpty("/api/jobs/" + running + "/cancel").statusCode());
        List<StudioClient.Event> end = client.followToEnd(running);
        assertEquals("cancelled", end.get(end.size() - 1).name());

        assertEquals(204, client.delete("/api/jobs/" + id).statusCode());
        assertEquals(404, client.get("/api/jobs/" + id).statusCode());
        assertFalse(Files.exists(data.resolve("jobs").resolve(id)));
    }

    @Test
    void leftoversOfAnInterruptedUploadAreCleanedAtStart() throws Exception {
        Path tmp = Files.createDirectories(data.resolve("tmp"));
        Path jobs = Files.createDirectories(data.resolve("jobs"));
        Path multipart = Files.writeString(tmp.resolve("MultiPart1234567.tmp"), "half an upload");
        Path incoming = Files.createDirectories(jobs.resolve(".incoming-0b6f"));
        Files.writeString(incoming.resolve("content.img"), "half a photo");
        start(StudioClient.config(data));
        assertFalse(Files.exists(multipart), "Jetty's part files of an upload cut short");
        assertFalse(Files.exists(incoming), "the folder of a submission cut short");
    }

    @Test
    void aSecondStudioOnTheSameDataFolderIsRefusedAndTouchesNothing() throws Exception {
        start(StudioClient.config(data));
        Path part = Files.writeString(data.resolve("tmp").resolve("MultiPart-live.tmp"), "an upload coming in");
        StudioException e = org.junit.jupiter.api.Assertions.assertThrows(StudioException.class,
                () -> Studio.start(StudioClient.config(data)));
        assertTrue(e.getMessage().contains("another studio is using the data folder") && e.getMessage()
                .contains("--data"), e.getMessage());
        assertTrue(Files.exists(part), "the live studio's upload is left alone");
        assertEquals(200, client.get("/api/jobs").statusCode(), "the first goes on");
    }

    /** A black 1-bit PNG of the given size: a few hundred kilobytes that decode to gigabytes. */
    static byte[] bilevelPng(int width, int height) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (var z = new java.util.zip.DeflaterOutputStream(idat, new java.util.zip.Deflater(9))) {
            byte[] row = new byte[1 + (width + 7) / 8];
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(8).putInt(data.length)
                .put(type.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(head.array());
        out.writeBytes(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A GET written by hand, since Java's HTTP client will not send a Host header of our choosing. */
    private static String rawGet(int port, String host, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String firstLine(String answer) {
        int end = answer.indexOf('\r');
        return end < 0 ? answer : answer.substring(0, end);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
