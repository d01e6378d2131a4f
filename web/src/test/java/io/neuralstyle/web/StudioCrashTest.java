package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.model.ModelStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A studio in a process of its own is killed (SIGKILL) in the middle of an upload; the next start
 * on the same data folder leaves nothing of it behind.
 */
class StudioCrashTest {
    @TempDir
    Path data;

    /** The child process: a studio on a free loopback port, which prints its port and waits to be killed. */
    public static void main(String[] args) throws Exception {
        StudioConfig config = StudioConfig.of("127.0.0.1", 0, Path.of(args[0]), ModelStore.load(Path.of(args[1])));
        Studio studio = Studio.start(config);
        System.out.println("port " + studio.port());
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        studio.close();
    }

    @Test
    void aKillDuringAnUploadLeavesNothingAfterTheRestart() throws Exception {
        Path weights = SharedData.orSkip("models/vgg19-q8");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StudioCrashTest.class.getName(), data.toString(),
                weights.toString()).redirectErrorStream(true).start();
        try (Socket socket = new Socket()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            while (port < 0) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith("port ")) {
                    port = Integer.parseInt(line.substring(5).trim());
                }
            }
            assertTrue(port > 0, "the child studio started");
            // An upload that announces 20 MB and sends 4 of them: Jetty keeps the part in data/tmp meanwhile.
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream up = socket.getOutputStream();
            String boundary = "----crash";
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"big.png\""
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n";
            up.write(("POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: multipart/form-data;"
                    + " boundary=" + boundary + "\r\nContent-Length: " + (20 << 20) + "\r\n\r\n" + head)
                    .getBytes(StandardCharsets.US_ASCII));
            up.write(new byte[4 << 20]);
            up.flush();
            Path tmp = data.resolve("tmp");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(tmp) == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(count(tmp) > 0, "the part of the upload is on disk while it comes in");
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertTrue(count(data.resolve("tmp")) > 0, "the kill left the part behind");
        try (Studio studio = Studio.start(StudioClient.config(data))) {
            assertEquals(0, count(data.resolve("tmp")), "nothing of the upload is left after the restart");
            try (Stream<Path> jobs = Files.list(data.resolve("jobs"))) {
                assertEquals(List.of(), jobs.toList());
            }
            assertEquals(0, new StudioClient(studio).getJson("/api/jobs").size());
        }
    }

    private static long count(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
