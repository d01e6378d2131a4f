package io.neuralstyle.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C during a command that runs the network: the work is asked to stop after its current
 * iteration, and the JVM's shutdown waits (up to five minutes) until the command says that what it
 * writes is written, so that a stopped run still leaves its best image, figure or checkpoint.
 */
final class StopOnSignal {
    private static final AtomicBoolean REQUESTED = new AtomicBoolean();
    private static volatile boolean signalled;

    private final CountDownLatch finished = new CountDownLatch(1);

    private StopOnSignal() {
    }

    /** @param what what the user is told when the signal comes, after "neural-style: " */
    static StopOnSignal install(String what) {
        StopOnSignal stop = new StopOnSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stop.finished.getCount() == 0) {
                return;
            }
            signalled = true;
            REQUESTED.set(true);
            System.err.println();
            System.err.println("neural-style: " + what);
            try {
                stop.finished.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "neural-style-stop"));
        return stop;
    }

    /** Whether a signal asked the work to stop; a run's listener returns false from then on. */
    static boolean requested() {
        return REQUESTED.get();
    }

    /** Whether the JVM is ending because of a signal: then System.exit would wait forever. */
    static boolean signalled() {
        return signalled;
    }

    /** What the command writes is written: a signal's shutdown may now end the JVM. */
    void finished() {
        finished.countDown();
    }
}
