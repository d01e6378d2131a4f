package io.neuralstyle.cli;

import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.web.Studio;
import io.neuralstyle.web.StudioConfig;
import io.neuralstyle.web.StudioException;
import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code neural-style serve}: the web studio, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Starts the web studio: a page where you choose a photo and paintings, start a run and watch"
            + " the picture form, with a queue (one run at a time) and a history kept in the data folder. The"
            + " API it serves is documented in docs/web-studio.md. Ctrl-C stops it; a run in progress is then marked"
            + " interrupted and can be resumed from its checkpoint after the next start.", ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  neural-style serve --open",
            "      the studio on this machine, opened in the browser",
            "  neural-style serve --port 0 --data studio/",
            "      any free port (printed), its history in the folder studio/"})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only); any other requires"
                    + " the access token printed at start.")
    String host = StudioConfig.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on; 0 for any free one (printed). Default: ${DEFAULT-VALUE}.")
    int port = StudioConfig.DEFAULT_PORT;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder of the job database, uploads, results and checkpoints. Default:"
                    + " $XDG_DATA_HOME/neural-style, else ~/.local/share/neural-style.")
    Path data;

    @Option(names = "--open", description = "Open the page in the default browser once the server is up.")
    boolean open;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UserException("--port must be 0..65535, got " + port);
        }
        Path dataDir = data != null ? data : defaultDataDir(System.getenv());
        Map<String, String> network = common.network.given();
        common.applyTo(Settings.builder()).build(); // a bad --threads is refused before anything starts
        Weights vgg = common.loadWeights();
        Studio studio;
        try {
            studio = Studio.start(StudioConfig.of(host, port, dataDir, vgg).withServerSettings(network));
        } catch (StudioException e) {
            throw new UserException(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("neural-style: stopping the studio (a running job is kept to resume)...");
            studio.close();
            stopped.countDown();
        }, "neural-style-serve-stop"));
        System.out.println("neural-style studio: " + studio.url() + "  (data in " + dataDir + "; Ctrl-C stops it)");
        if (studio.token() != null) {
            System.err.println("neural-style: warning: listening on " + host + ", reachable from other machines;"
                    + " every request needs the access token in the address above");
        }
        System.out.flush();
        if (open) {
            openBrowser(studio.url());
        }
        stopped.await();
        return 0;
    }

    static Path defaultDataDir(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local",
                "share");
        return base.resolve("neural-style");
    }

    private static void openBrowser(String url) {
        try {
            if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(url));
                return;
            }
            new ProcessBuilder("xdg-open", url).inheritIO().start();
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("neural-style: could not open a browser (" + e.getMessage() + "): open " + url
                    + " yourself");
        }
    }
}
