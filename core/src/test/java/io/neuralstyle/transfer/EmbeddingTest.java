package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Javadoc promises an application that embeds the library: sharing and stopping. */
class EmbeddingTest {
    static Weights weights;
    static Image photo;
    static Image painting;

    @BeforeAll
    static void load() {
        weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        photo = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        painting = ImageReader.read(SharedData.imageOrSkip("the_scream.jpg"));
    }

    @Test
    void oneStyleTransferAndOneWeightsServeTwoThreadsAtOnce() throws Exception {
        // One TensorFlow thread per run, so that each run's arithmetic is the same whatever the load.
        StyleTransfer transfer = StyleTransfer.builder().weights(weights)
                .settings(Settings.builder().size(48).iterations(8).threads(1).seed(3).build()).build();
        // One request, too: it holds no state of a run (no checkpoint here), so runs may share it.
        RunRequest request = transfer.request().content(photo).style(painting).build();
        Image alone = transfer.run(request).image();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Result> a = pool.submit(() -> transfer.run(request));
            Future<Result> b = pool.submit(() -> transfer.run(request));
            assertArrayEquals(alone.data(), a.get(2, TimeUnit.MINUTES).image().data());
            assertArrayEquals(alone.data(), b.get(2, TimeUnit.MINUTES).image().data());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherThreadStopsARunThroughItsListener() throws Exception {
        StyleTransfer transfer = StyleTransfer.builder().weights(weights)
                .settings(Settings.builder().size(48).iterations(200).build()).build();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            RunRequest request = transfer.request().content(photo).style(painting).listener(progress -> {
                if (progress.iteration() == 3) {
                    // Holds the run here until the other thread has asked it to stop, so that the
                    // iteration it stops at does not depend on timing.
                    running.countDown();
                    awaitQuietly(stopped);
                }
                return !stop.get();
            }).build();
            Future<Result> run = pool.submit(() -> transfer.run(request));
            assertTrue(running.await(2, TimeUnit.MINUTES), "the run reached its third iteration");
            stop.set(true);
            stopped.countDown();
            Result result = run.get(2, TimeUnit.MINUTES);
            assertEquals(3, result.history().size(), "stopped after the iteration at which it was asked to");
            assertTrue(result.stopped(), "the result says the run was stopped");
            assertEquals(48, Math.max(result.image().width(), result.image().height()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
