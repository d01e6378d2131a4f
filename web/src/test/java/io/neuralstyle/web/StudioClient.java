package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralstyle.SharedData;
import io.neuralstyle.model.ModelStore;
import io.neuralstyle.model.Weights;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The tests' side of the API: a studio on a loopback port with the real weights (loaded once for
 * all tests), and plain {@link HttpClient} calls to it, multipart uploads and event streams included.
 */
final class StudioClient {
    private static Weights weights;

    final String base;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    StudioClient(Studio studio) {
        this.base = "http://127.0.0.1:" + studio.port();
    }

    /** The real VGG19 of ../shared, read once; skips the test where it is absent. */
    static synchronized Weights weights() {
        Path dir = SharedData.orSkip("models/vgg19-q8");
        if (weights == null) {
            weights = ModelStore.load(dir);
        }
        return weights;
    }

    static Path image(String name) {
        return SharedData.orSkip("images/" + name);
    }

    static StudioConfig config(Path data) {
        return StudioConfig.of("127.0.0.1", 0, data, weights()).withServerSettings(Map.of("threads", "2"));
    }

    /** A multipart form: named files and text fields. */
    static final class Form {
        private final String boundary = "----studio" + UUID.randomUUID();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Form file(String field, Path file) {
            try {
                return file(field, file.getFileName().toString(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Form file(String field, String filename, byte[] bytes) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(bytes);
            write("\r\n");
            return this;
        }

        Form field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        HttpRequest.BodyPublisher publisher() {
            return HttpRequest.BodyPublishers.ofByteArray(bytes());
        }

        /** The whole body, closing boundary included. */
        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(body.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        private void write(String s) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A photo and a painting of ../shared with these settings (JSON). */
    static Form job(String settingsJson) {
        return new Form().file("content", image("tubingen.jpg")).file("style", image("starry_night.jpg"))
                .field("settings", settingsJson);
    }

    HttpResponse<String> post(String path, Form form) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", form.contentType())
                .POST(form.publisher()).build());
    }

    /** Submits a job and returns it; fails the test unless the answer is 201. */
    JsonNode submit(String settingsJson) {
        HttpResponse<String> r = post("/api/jobs", job(settingsJson));
        assertEquals(201, r.statusCode(), r.body());
        return json(r.body());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build());
    }

    HttpResponse<String> postEmpty(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One server-sent event. */
    record Event(String name, JsonNode data) {
    }

    /**
     * Follows a job's event stream, handing each event to {@code until} as it comes, until it returns
     * true or the stream ends; returns the events seen.
     */
    List<Event> follow(String id, Predicate<Event> until) {
        List<Event> seen = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(3)).GET().build();
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && name != null) {
                        Event e = new Event(name, json(data.toString()));
                        seen.add(e);
                        name = null;
                        data.setLength(0);
                        if (until.test(e)) {
                            return seen;
                        }
                    }
                }
            }
            return seen;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Follows the stream to the job's end and returns every event. */
    List<Event> followToEnd(String id) {
        return follow(id, e -> List.of("done", "failed", "cancelled", "interrupted").contains(e.name()));
    }
}
