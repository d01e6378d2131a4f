package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neural-style serve} as a user starts it: its own process, any free port, stopped by a signal. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesOnAFreePortPrintsItsAddressAndStopsOnASignal() throws Exception {
        Path weights = SharedData.orSkip("models/vgg19-q8");
        Path data = dir.resolve("studio");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0", "--data",
                data.toString(), "--weights", weights.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            Matcher m = Pattern.compile("neural-style studio: (http://127\\.0\\.0\\.1:(\\d+)/) ").matcher(line);
            assertTrue(m.find(), line);
            assertTrue(Integer.parseInt(m.group(2)) > 0);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("neural-style studio"));
            assertTrue(Files.isRegularFile(data.resolve("studio.db")), "the job store is in the data folder");
        } finally {
            p.destroy(); // SIGTERM, as Ctrl-C would: the shutdown hook stops the studio
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), "serve stops on a signal");
        }
    }

    @Test
    void aBadPortOrABusyOneIsOneLineThatSaysWhatToDo() throws Exception {
        CommandLineProcess.Outcome bad = CommandLineProcess.run(dir, "serve", "--port", "70000");
        assertEquals(1, bad.exitCode());
        assertEquals(List.of("neural-style: --port must be 0..65535, got 70000"), bad.errorLines());

        Path weights = SharedData.orSkip("models/vgg19-q8");
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CommandLineProcess.Outcome taken = CommandLineProcess.run(dir, "serve", "--port",
                    String.valueOf(busy.getLocalPort()), "--data", dir.resolve("d").toString(), "--weights",
                    weights.toString());
            assertEquals(1, taken.exitCode());
            String last = taken.errorLines().get(taken.errorLines().size() - 1);
            assertTrue(last.startsWith("neural-style: cannot listen on 127.0.0.1:" + busy.getLocalPort()), last);
            assertTrue(last.contains("choose another --port"), last);
        }
    }

    @Test
    void theDataFolderDefaultsToTheXdgDataHome() {
        assertEquals(Path.of("/x/neural-style"), ServeCommand.defaultDataDir(Map.of("XDG_DATA_HOME", "/x")));
        assertEquals(Path.of(System.getProperty("user.home"), ".local", "share", "neural-style"),
                ServeCommand.defaultDataDir(Map.of()));
    }
}
