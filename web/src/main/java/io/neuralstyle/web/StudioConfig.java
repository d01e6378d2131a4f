package io.neuralstyle.web;

import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.RunRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a studio.
 *
 * @param host               the address to listen on; anything but loopback requires an access token
 * @param port               the port, 0 for any free one
 * @param dataDir            the database, uploads, results and checkpoints
 * @param weights            loaded once, used by every job
 * @param serverSettings     settings every job starts from (the network options: threads, pooling,
 *                           precision), as text by key
 * @param checkpointInterval how often a running job saves its state
 * @param maxQueued          the most jobs that may wait; more are refused with HTTP 429
 * @param accessToken        whether every request needs the access token; null: where the host is
 *                           not loopback (a test may require it on loopback too)
 * @param maxKept            the most ended jobs the history keeps; the oldest go, with their pictures,
 *                           when a new job comes
 */
public record StudioConfig(String host, int port, Path dataDir, Weights weights, Map<String, String> serverSettings,
        Duration checkpointInterval, int maxQueued, Boolean accessToken, int maxKept) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_QUEUED = 50;
    public static final int DEFAULT_MAX_KEPT = 200;

    public StudioConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(weights, "weights");
        serverSettings = Map.copyOf(serverSettings);
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    }

    /** The defaults but for where to listen, the data folder and the weights. */
    public static StudioConfig of(String host, int port, Path dataDir, Weights weights) {
        return new StudioConfig(host, port, dataDir, weights, Map.of(), RunRequest.DEFAULT_CHECKPOINT_INTERVAL,
                DEFAULT_MAX_QUEUED, null, DEFAULT_MAX_KEPT);
    }

    public StudioConfig withServerSettings(Map<String, String> settings) {
        return new StudioConfig(host, port, dataDir, weights, settings, checkpointInterval, maxQueued, accessToken, maxKept);
    }

    public StudioConfig withCheckpointInterval(Duration interval) {
        return new StudioConfig(host, port, dataDir, weights, serverSettings, interval, maxQueued, accessToken, maxKept);
    }

    /** Requires the access token (true), or not (false), whatever the host. */
    public StudioConfig withAccessToken(boolean required) {
        return new StudioConfig(host, port, dataDir, weights, serverSettings, checkpointInterval, maxQueued, required, maxKept);
    }

    public StudioConfig withMaxKept(int max) {
        return new StudioConfig(host, port, dataDir, weights, serverSettings, checkpointInterval, maxQueued, accessToken,
                max);
    }

    public StudioConfig withMaxQueued(int max) {
        return new StudioConfig(host, port, dataDir, weights, serverSettings, checkpointInterval, max, accessToken, maxKept);
    }
}
