package io.neuralstyle.engine;

/**
 * What the network runs on: the device, and the CPU threads each operation may use.
 *
 * @param threads threads for each operation; 0 means one per available processor
 * @param device  where the network runs
 */
public record Compute(int threads, Device device) {
    /** The device chosen automatically, with this many threads. */
    public static Compute threads(int threads) {
        return new Compute(threads, Device.AUTO);
    }
}
