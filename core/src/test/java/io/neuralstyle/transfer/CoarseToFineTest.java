package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The coarse-to-fine schedule on the real weights, at small sizes. */
class CoarseToFineTest {

    @Test
    void aHeadStartAtHalfSizeLowersTheFullSizeLoss() {
        Weights weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        Image photo = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        Image painting = ImageReader.read(SharedData.imageOrSkip("starry_night.jpg"));
        Settings plain = Settings.builder().size(128).iterations(20).seed(1).build();
        Settings coarseToFine = plain.toBuilder().scaleIterations(List.of(60)).build();

        Result single = StyleTransfer.builder().weights(weights).settings(plain).build()
                .run(RunRequest.builder(plain).content(photo).style(painting).build());
        List<Integer> seen = new ArrayList<>();
        Result staged = StyleTransfer.builder().weights(weights).settings(coarseToFine).build()
                .run(RunRequest.builder(coarseToFine).content(photo).style(painting).listener(p -> {
                    seen.add(p.iteration());
                    assertEquals(80, p.iterations(), "iterations counted across scales");
                    return true;
                }).build());

        assertEquals(single.image().width(), staged.image().width());
        assertEquals(single.image().height(), staged.image().height());
        assertEquals(80, staged.iterations());
        assertEquals(80, staged.history().size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i));
        }
        double plainLoss = single.history().get(19).total();
        double stagedLoss = staged.history().get(79).total();
        System.out.printf("full-size loss after 20 iterations: %.4f plain, %.4f after 60 at half size%n", plainLoss,
                stagedLoss);
        assertTrue(stagedLoss < plainLoss, "the half-size head start lowers the loss at the full size");
    }

    @Test
    void scalesBelowSixteenPixelsAreRefused() {
        assertThrows(SettingsException.class,
                () -> Settings.builder().size(64).scaleIterations(List.of(10, 10, 10)).build());
    }

    @Test
    void sizesAbove256RunCoarseToFineByDefault() {
        Settings at512 = Settings.builder().size(512).build();
        assertEquals(List.of(300, 300), at512.scaleIterations(), "256 and 128 px first");
        assertEquals(Settings.DEFAULT_FINE_ITERATIONS, at512.iterations());
        assertEquals(List.of(300, 300, 300, 300), Settings.builder().size(2048).build().scaleIterations());
        assertEquals(List.of(300), Settings.builder().size(300).build().scaleIterations(), "150 px, not 75");

        Settings at256 = Settings.builder().size(256).build();
        assertEquals(List.of(), at256.scaleIterations(), "the paper's single scale");
        assertEquals(Settings.DEFAULT_ITERATIONS, at256.iterations());
        assertEquals("none", at256.describe().get("scale-iterations"), "recorded, so a re-run at 512 keeps it");

        Settings single = Settings.builder().size(512).scaleIterations(List.of()).build();
        assertEquals(Settings.DEFAULT_ITERATIONS, single.iterations(), "without coarser scales, the paper's 500");
        Settings fewer = Settings.builder().size(512).iterations(40).build();
        assertEquals(List.of(300, 300), fewer.scaleIterations());
        assertEquals(40, fewer.iterations(), "--iterations counts the full size's");
        assertEquals(at512, at512.toBuilder().build(), "a copy keeps the resolved schedule");
    }

    @Test
    void aScheduleTraceMeasuresEveryImageAtTheFullSize() {
        Weights weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        Image photo = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        List<StyleImage> painting = List.of(StyleImage.of(ImageReader.read(SharedData.imageOrSkip("starry_night.jpg"))));
        Settings settings = Settings.builder().size(96).scaleIterations(List.of(20)).iterations(10).seed(2)
                .precision(io.neuralstyle.engine.Precision.FP32).build();
        try (LossMeter meter = StyleTransfer.builder().weights(weights).settings(settings).build()
                .lossMeter(photo, painting)) {
            List<ScheduleTrace.Point> seen = new ArrayList<>();
            ScheduleTrace trace = ScheduleTrace.record("c2f", weights, settings, photo, painting, meter, 5, seen::add);
            assertEquals(seen, trace.points());
            assertEquals(List.of(5, 10, 15, 20, 25, 30, 30),
                    trace.points().stream().map(ScheduleTrace.Point::iteration).toList());
            for (int i = 1; i < trace.points().size(); i++) {
                assertTrue(trace.points().get(i).seconds() >= trace.points().get(i - 1).seconds());
            }
            // The last point is the result's own loss at the full size: the run's last iteration,
            // up to the clamping of the output to [0, 1].
            double own = trace.result().history().get(29).total();
            assertEquals(meter.of(trace.result().image()).total(), trace.finalLoss(), 1e-6);
            double ratio = trace.finalLoss() / own;
            assertTrue(ratio > 0.9 && ratio < 1.3, "measured " + trace.finalLoss() + " against the run's own " + own);
            // A point at the coarse scale is the half-size image measured at the full size: worse than the end.
            assertTrue(trace.points().get(1).loss() > trace.finalLoss());
        }
    }
}
