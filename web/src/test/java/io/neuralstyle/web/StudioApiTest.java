package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageSize;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.transfer.ResultText;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.web.StudioClient.Event;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API on a loopback port with the real weights, at 32-48 px. */
class StudioApiTest {
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
    void aJobRunsAndItsStreamShowsProgressPreviewsAndTheEnd() throws Exception {
        start(StudioClient.config(data));
        JsonNode job = client.submit("{\"size\": 32, \"iterations\": 12, \"style-weight\": 30}");
        String id = job.get("id").asText();
        assertTrue(List.of("queued", "running").contains(job.get("status").asText()), job.toString());
        assertEquals(32, job.get("width").asInt());
        assertEquals(24, job.get("height").asInt(), "tubingen.jpg is 1024x768");

        List<Event> events = client.followToEnd(id);
        Event last = events.get(events.size() - 1);
        assertEquals("done", last.name(), events.toString());
        List<Integer> iterations = events.stream().filter(e -> e.name().equals("progress"))
                .map(e -> e.data().get("iteration").asInt()).toList();
        assertFalse(iterations.isEmpty(), "progress events");
        for (int i = 1; i < iterations.size(); i++) {
            assertTrue(iterations.get(i) > iterations.get(i - 1), "iterations rise: " + iterations);
        }
        for (Event e : events) {
            if (e.name().equals("progress") && e.data().get("iteration").asInt() >= 2) {
                assertTrue(e.data().get("secondsLeft").asDouble(-1) >= 0, "a time left from the second iteration: " + e);
            }
        }
        assertTrue(events.stream().anyMatch(e -> e.name().equals("preview")), "a preview event");
        assertTrue(events.stream().anyMatch(e -> e.name().equals("stage")), "a stage event");
        int lossesSeen = events.stream().filter(e -> e.name().equals("progress"))
                .mapToInt(e -> e.data().get("losses").size()).sum();
        assertEquals(last.data().get("iteration").asInt(), lossesSeen, "every iteration's loss reaches the curve");

        JsonNode done = client.getJson("/api/jobs/" + id);
        assertEquals("done", done.get("status").asText());
        assertTrue(done.get("hasResult").asBoolean());
        assertTrue(done.get("seconds").asDouble() > 0);

        HttpResponse<byte[]> image = client.getBytes("/api/jobs/" + id + "/image?download=1");
        assertEquals(200, image.statusCode());
        assertEquals("image/png", image.headers().firstValue("Content-Type").orElse(""));
        Path png = data.resolve("downloaded.png");
        Files.write(png, image.body());
        ImageSize size = ImageReader.probe(png);
        assertEquals(32, size.width());
        assertEquals(24, size.height());
        Map<String, String> text = ImageWriter.readPngText(png);
        Settings embedded = Settings.fromMap(ResultText.settingsIn(text.get("neural-style.settings")));
        assertEquals(32, embedded.size());
        assertEquals(12, embedded.iterations());
        assertEquals(30, embedded.styleWeight());
        assertTrue(text.get("neural-style.command").contains("--style-weight 30"), text.toString());

        HttpResponse<byte[]> thumb = client.getBytes("/api/jobs/" + id + "/thumbnail");
        assertEquals(200, thumb.statusCode());

        // Another tab joining after the end sees the whole curve and the end at once.
        List<Event> late = client.followToEnd(id);
        assertEquals("done", late.get(late.size() - 1).name());
        assertEquals(lossesSeen, late.stream().filter(e -> e.name().equals("history")).findFirst().orElseThrow()
                .data().size());
    }

    /** The settings lines of a result's text, without the inputs (weights, content, style, mask). */
    @Test
    void cancellingARunningJobKeepsItsBestImage() {
        start(StudioClient.config(data));
        String id = client.submit("{\"size\": 48, \"iterations\": 3000}").get("id").asText();
        client.follow(id, e -> e.name().equals("progress") && e.data().get("iteration").asInt() >= 3);
        HttpResponse<String> cancel = client.postEmpty("/api/jobs/" + id + "/cancel");
        assertEquals(202, cancel.statusCode(), cancel.body());
        List<Event> events = client.followToEnd(id);
        assertEquals("cancelled", events.get(events.size() - 1).name());
        JsonNode job = client.getJson("/api/jobs/" + id);
        assertTrue(job.get("hasResult").asBoolean());
        assertTrue(job.get("iteration").asInt() < 3000, job.toString());
        assertEquals(200, client.getBytes("/api/jobs/" + id + "/image").statusCode());
        assertFalse(Files.exists(data.resolve("jobs").resolve(id).resolve("run.checkpoint")),
                "a cancelled job has nothing to resume");

        // Removing an ended job removes its files too.
        assertEquals(204, client.delete("/api/jobs/" + id).statusCode());
        assertEquals(404, client.get("/api/jobs/" + id).statusCode());
        assertFalse(Files.exists(data.resolve("jobs").resolve(id)));
    }

    @Test
    void jobsRunOneAtATimeInTheOrderTheyCameAndAFullQueueSays429() {
        start(StudioClient.config(data).withMaxQueued(2));
        String first = client.submit("{\"size\": 48, \"iterations\": 3000}").get("id").asText();
        client.follow(first, e -> e.name().equals("progress"));
        JsonNode second = client.submit("{\"size\": 32, \"iterations\": 4}");
        JsonNode third = client.submit("{\"size\": 32, \"iterations\": 4}");
        assertEquals(1, second.get("queuePosition").asInt());
        assertEquals(2, third.get("queuePosition").asInt());
        HttpResponse<String> full = client.post("/api/jobs", StudioClient.job("{\"size\": 32}"));
        assertEquals(429, full.statusCode());
        assertTrue(StudioClient.json(full.body()).get("error").asText().contains("queue is full"), full.body());
        JsonNode server = client.getJson("/api/server");
        assertEquals(first, server.get("running").asText(), "one job runs while the others wait");

        // Two tabs watching the queued third job from before it starts see the same events.
        String thirdId = third.get("id").asText();
        var tabs = java.util.concurrent.Executors.newFixedThreadPool(2);
        var tabA = tabs.submit(() -> client.followToEnd(thirdId));
        var tabB = tabs.submit(() -> client.followToEnd(thirdId));
        client.postEmpty("/api/jobs/" + first + "/cancel");
        List<Event> seenA;
        List<Event> seenB;
        try {
            seenA = tabA.get(3, java.util.concurrent.TimeUnit.MINUTES);
            seenB = tabB.get(3, java.util.concurrent.TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            tabs.shutdownNow();
        }
        assertEquals("done", last(seenA).name());
        assertEquals(progressOf(seenA), progressOf(seenB), "both tabs see the same progress");
        assertFalse(progressOf(seenA).isEmpty());
        JsonNode s = client.getJson("/api/jobs/" + second.get("id").asText());
        JsonNode t = client.getJson("/api/jobs/" + thirdId);
        assertEquals("done", s.get("status").asText());
        assertTrue(s.get("finished").asText().compareTo(t.get("started").asText()) <= 0,
                "the second ended before the third started: " + s + " " + t);
        assertEquals("cancelled", client.getJson("/api/jobs/" + first).get("status").asText());
    }

    /**
     * A full queue refuses before the upload is read. The refusal must still reach a client whose
     * body is arriving slowly, on a connection it can go on using: as seen in CI, closing on the
     * unread body resets the connection, and the client hears no answer at all ("header parser
     * received no bytes").
     */
    @Test
    void aFullQueueAnswersAnUploadStillArrivingWith429OnAConnectionThatStaysOpen() throws Exception {
        start(StudioClient.config(data).withMaxQueued(1));
        String running = client.submit("{\"size\": 48, \"iterations\": 3000}").get("id").asText();
        client.follow(running, e -> e.name().equals("progress"));
        client.submit("{\"size\": 32, \"iterations\": 4}");

        StudioClient.Form form = StudioClient.job("{\"size\": 32}");
        byte[] body = form.bytes();
        String host = "127.0.0.1:" + studio.port();
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", studio.port())) {
            s.setSoTimeout(30_000);
            java.io.OutputStream out = s.getOutputStream();
            out.write(("POST /api/jobs HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + form.contentType()
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            // Give a server that answers early the time to answer and close (the defect); one that
            // reads the body first says nothing until the rest comes.
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (s.getInputStream().available() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.write(("GET /api/server HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answers = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answers.startsWith("HTTP/1.1 429"), answers);
            assertTrue(answers.contains("queue is full"), answers);
            int second = answers.indexOf("HTTP/1.1 ", 1);
            assertTrue(second > 0 && answers.startsWith("HTTP/1.1 200", second),
                    "the connection stays open for the next request: " + answers);
        } finally {
            client.postEmpty("/api/jobs/" + running + "/cancel");
        }
    }

    private static List<String> progressOf(List<Event> events) {
        return events.stream().filter(e -> List.of("progress", "stage", "preview", "done").contains(e.name()))
                .map(e -> e.name() + " " + e.data()).toList();
    }

    private static Event last(List<Event> events) {
        return events.get(events.size() - 1);
    }

    @Test
    void badUploadsAreRefusedWithOneClearMessageAndNothingIsStored() throws Exception {
        start(StudioClient.config(data));
        Path photo = StudioClient.image("tubingen.jpg");
        Path painting = StudioClient.image("starry_night.jpg");
        byte[] jpeg = Files.readAllBytes(photo);
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length / 3);
        byte[] huge = new byte[40 << 20];
        System.arraycopy(jpeg, 0, huge, 0, jpeg.length);

        Map<String, StudioClient.Form> bad = new LinkedHashMap<>();
        bad.put("a text file named .jpg", new StudioClient.Form()
                .file("content", "photo.jpg", "just some words\n".getBytes()).file("style", painting));
        bad.put("a truncated JPEG", new StudioClient.Form().file("content", "photo.jpg", truncated)
                .file("style", painting));
        bad.put("a PNG whose header claims 50000 x 50000", new StudioClient.Form().file("content", photo)
                .file("style", "big.png", pngHeader(50000, 50000)));
        bad.put("a 40 MB file", new StudioClient.Form().file("content", "photo.jpg", huge).file("style", painting));
        bad.put("a missing painting", new StudioClient.Form().file("content", photo));
        bad.put("a settings value out of range", new StudioClient.Form().file("content", photo)
                .file("style", painting).field("settings", "{\"style-weight\": -3}"));
        bad.put("settings that are not JSON", new StudioClient.Form().file("content", photo)
                .file("style", painting).field("settings", "{size: 32"));
        bad.put("a file name that climbs out of the folder", new StudioClient.Form()
                .file("content", "../../../etc/passwd", "root:x:0:0\n".getBytes()).file("style", painting));

        Map<String, String> expected = Map.of(
                "a text file named .jpg", "not a JPEG, PNG, BMP or GIF",
                "a truncated JPEG", "the photo (content)",
                "a PNG whose header claims 50000 x 50000", "50000",
                "a 40 MB file", "30 MB",
                "a missing painting", "no painting",
                "a settings value out of range", "style-weight",
                "settings that are not JSON", "not valid JSON",
                "a file name that climbs out of the folder", "not a JPEG, PNG, BMP or GIF");
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = client.post("/api/jobs", e.getValue());
            assertTrue(r.statusCode() == 400 || r.statusCode() == 413, e.getKey() + ": " + r.statusCode() + " " + r.body());
            String message = StudioClient.json(r.body()).get("error").asText();
            assertTrue(message.contains(expected.get(e.getKey())), e.getKey() + ": " + message);
            assertFalse(message.contains(data.toString()), "no server path in the message: " + message);
            assertFalse(message.contains("Exception"), "no stack trace or exception name: " + message);
            assertEquals(0, client.getJson("/api/jobs").size(), e.getKey() + ": nothing stored");
            try (var files = Files.list(data.resolve("jobs"))) {
                assertEquals(0, files.count(), e.getKey() + ": no files left");
            }
            assertEquals(200, client.get("/api/settings").statusCode(), "still serving after " + e.getKey());
        }
        assertFalse(Files.exists(Path.of("/etc/passwd.img")));

        // The reader judges the type, not the name: a JPEG named .txt is a photo.
        HttpResponse<String> renamed = client.post("/api/jobs", new StudioClient.Form()
                .file("content", "holiday.txt", jpeg).file("style", painting).field("settings", "{\"size\": 32}"));
        assertEquals(201, renamed.statusCode(), renamed.body());
        String id = StudioClient.json(renamed.body()).get("id").asText();
        assertEquals(202, client.postEmpty("/api/jobs/" + id + "/cancel").statusCode());
        client.followToEnd(id);

        // Errors elsewhere are JSON too.
        HttpResponse<String> missing = client.get("/api/jobs/no-such-job");
        assertEquals(404, missing.statusCode());
        assertNotNull(StudioClient.json(missing.body()).get("error"));
        HttpResponse<String> noAccept = client.get("/api/jobs/no-such-job/events");
        assertEquals(404, noAccept.statusCode());
    }

    @Test
    void theSettingsTableGivesThePageItsSmallestSize() {
        start(StudioClient.config(data));
        JsonNode table = client.getJson("/api/settings");
        assertEquals(Settings.MIN_SIDE, table.get("minSize").asInt(), "the form's limit is the core's, not its own");
        assertEquals(String.valueOf(Settings.DEFAULT_SIZE), table.get("settings").get(0).get("default").asText());
    }

    @Test
    void withAnAccessTokenEveryRequestNeedsItInTheAddressACookieOrAHeader() throws Exception {
        start(StudioClient.config(data).withAccessToken(true));
        String token = studio.token();
        assertNotNull(token);
        assertTrue(studio.url().endsWith("/?token=" + token), studio.url());
        for (String path : List.of("/", "/studio.js", "/api/jobs", "/api/settings")) {
            HttpResponse<String> refused = client.get(path);
            assertEquals(401, refused.statusCode(), path);
            assertTrue(StudioClient.json(refused.body()).get("error").asText().contains("access token"));
        }
        assertEquals(401, client.get("/api/jobs?token=wrong" + token).statusCode());
        HttpResponse<String> page = client.get("/?token=" + token);
        assertEquals(303, page.statusCode(), "the token leaves the address bar once the cookie holds it");
        assertEquals("/", page.headers().firstValue("Location").orElse(""));
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains(token), cookie);
        java.net.http.HttpRequest withCookie = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.base + "/api/jobs")).header("Cookie", cookie.split(";")[0]).build();
        assertEquals(200, client.http.send(withCookie, HttpResponse.BodyHandlers.ofString()).statusCode());
        java.net.http.HttpRequest withHeader = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.base + "/api/settings")).header("Authorization", "Bearer " + token).build();
        assertEquals(200, client.http.send(withHeader, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void againPaintsTheSamePicturesWithAllTheEarlierSettingsOrNewOnes() {
        start(StudioClient.config(data));
        String first = client.submit("{\"size\": 32, \"iterations\": 3, \"tv-weight\": 2}").get("id").asText();
        client.followToEnd(first);
        assertEquals(200, client.getBytes("/api/jobs/" + first + "/inputs/content").statusCode(), "the photo's thumbnail");
        assertEquals(200, client.getBytes("/api/jobs/" + first + "/inputs/style-0").statusCode(), "the painting's");
        assertEquals(404, client.getBytes("/api/jobs/" + first + "/inputs/style-1").statusCode());
        assertEquals(404, client.getBytes("/api/jobs/" + first + "/inputs/..%2Fstudio.db").statusCode());

        // No settings: all of the earlier job's, those the form does not show included.
        HttpResponse<String> same = client.post("/api/jobs/" + first + "/again", new StudioClient.Form());
        assertEquals(201, same.statusCode(), same.body());
        JsonNode again = StudioClient.json(same.body());
        assertFalse(again.get("id").asText().equals(first));
        assertEquals("2.0", again.get("settings").get("tv-weight").asText());
        assertEquals("done", last(client.followToEnd(again.get("id").asText())).name());

        // New settings, the same pictures; the earlier job can go and the new one keeps its own copies.
        HttpResponse<String> changed = client.post("/api/jobs/" + first + "/again", new StudioClient.Form()
                .field("settings", "{\"size\": 40, \"iterations\": 2}"));
        assertEquals(201, changed.statusCode(), changed.body());
        String id = StudioClient.json(changed.body()).get("id").asText();
        assertEquals(40, StudioClient.json(changed.body()).get("width").asInt());
        client.followToEnd(id);
        assertEquals(204, client.delete("/api/jobs/" + first).statusCode());
        assertEquals(200, client.getBytes("/api/jobs/" + id + "/inputs/content").statusCode());
        assertEquals(400, client.post("/api/jobs/" + id + "/again", new StudioClient.Form()
                .field("settings", "{\"size\": 3}")).statusCode(), "checked as a new upload is");
    }

    @Test
    void eachQualityHasItsTimeAndAJobAgainWorksOutItsOwnIterations() {
        start(StudioClient.config(data));
        JsonNode answer = client.getJson("/api/estimates?width=1024&height=768&settings="
                + java.net.URLEncoder.encode("{\"size\": 512}", java.nio.charset.StandardCharsets.UTF_8));
        Map<String, Double> seconds = new LinkedHashMap<>();
        answer.get("qualities").forEach(q -> seconds.put(q.get("quality").asText(), q.get("seconds").asDouble()));
        assertEquals(List.of("draft", "standard", "best"), List.copyOf(seconds.keySet()));
        assertTrue(seconds.get("draft") < seconds.get("standard") && seconds.get("standard") < seconds.get("best"),
                "a draft is quickest, best slowest: " + seconds);

        // A draft's worked-out iterations do not follow it into a standard job made again from it.
        JsonNode draft = client.submit("{\"size\": 32, \"quality\": \"draft\"}");
        assertEquals("100", draft.get("settings").get("iterations").asText(), draft.toString());
        assertFalse(draft.get("chosen").has("iterations"), "worked out, not chosen: " + draft.get("chosen"));
        HttpResponse<String> again = client.post("/api/jobs/" + draft.get("id").asText() + "/again",
                new StudioClient.Form().field("settings", "{\"quality\": \"standard\"}"));
        assertEquals(201, again.statusCode(), again.body());
        assertEquals("500", StudioClient.json(again.body()).get("settings").get("iterations").asText());
        // One chosen, by contrast, is kept.
        JsonNode chosen = client.submit("{\"size\": 32, \"quality\": \"draft\", \"iterations\": 7}");
        assertEquals("7", chosen.get("chosen").get("iterations").asText());
        for (JsonNode job : client.getJson("/api/jobs")) {
            client.post("/api/jobs/" + job.get("id").asText() + "/cancel", new StudioClient.Form());
        }
    }

    /** The first bytes of a PNG: its signature and an IHDR chunk claiming the given size. */
    static byte[] pngHeader(int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put("IHDR".getBytes()).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 12, 17);
        b.putInt((int) crc.getValue());
        b.putInt(0).put("IEND".getBytes()).putInt(0xAE426082);
        return b.array();
    }
}
