package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.engine.ImageTerm;
import io.neuralstyle.transfer.RunPlan.Stage;
import io.neuralstyle.transfer.RunPlan.Start;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan a run follows, decided without the network. */
class RunPlanTest {
    private static final long GB = 1L << 30;

    @Test
    void theDefaultAt512RunsThreeScalesFromNoise() {
        RunPlan plan = RunPlan.of(Settings.builder().size(512).build(), 1024, 768, 8 * GB, 6 * GB);
        List<Stage> s = plan.stages();
        assertEquals(3, s.size());
        assertEquals(List.of("128x96", "256x192", "512x384"), s.stream().map(Stage::toString).toList());
        assertEquals(List.of(Start.NOISE, Start.PREVIOUS, Start.PREVIOUS), s.stream().map(Stage::start).toList());
        Settings defaults = Settings.builder().size(512).build();
        assertEquals(defaults.scaleIterations().get(0), s.get(0).iterations());
        assertEquals(defaults.iterations(), s.get(2).iterations());
        assertEquals(plan.totalIterations(), s.stream().mapToInt(Stage::iterations).sum());
        assertTrue(s.stream().noneMatch(Stage::tiled));
        assertTrue(s.stream().allMatch(st -> st.lbfgsPairs() == defaults.lbfgsHistory()));
        assertEquals(List.of(), plan.notes());
    }

    @Test
    void theSmoothnessTermWeighsTheSameOnTheOutputAtEveryStage() {
        Settings settings = Settings.builder().size(512).build();
        RunPlan plan = RunPlan.of(settings, 1024, 768, 8 * GB, 6 * GB);
        assertEquals(settings.tvWeight() / 16, plan.stages().get(0).lossSpec(settings).weight(ImageTerm.SMOOTHNESS),
                1e-12);
        assertEquals(settings.tvWeight() / 4, plan.stages().get(1).lossSpec(settings).weight(ImageTerm.SMOOTHNESS),
                1e-12);
        assertEquals(settings.lossSpec(), plan.last().lossSpec(settings), "the output's own stage: the settings' loss");
    }

    @Test
    void timeLeftWeighsLaterStagesByTheirArea() {
        Settings settings = Settings.builder().size(512).scaleIterations(List.of(300, 300)).iterations(100).build();
        RunPlan plan = RunPlan.of(settings, 512, 512, 8 * GB, 6 * GB);
        Stage first = plan.stages().get(0);
        // 150 of 300 iterations at 128 px took 15 s: 0.1 s each there, 4x at 256 px, 16x at 512 px.
        double expected = 150 * 0.1 + 300 * 0.4 + 100 * 1.6;
        assertEquals(expected, plan.secondsLeft(settings, first, 150, 150, 15), expected * 0.01);
        // After a resume only the iterations timed since count for the pace.
        assertEquals(expected, plan.secondsLeft(settings, first, 150, 10, 1), expected * 0.01);
        assertEquals(0, plan.secondsLeft(settings, plan.last(), 100, 100, 50), 1e-9);
        assertTrue(Double.isNaN(plan.secondsLeft(settings, first, 0, 0, 0)));
    }

    @Test
    void aPortraitKeepsItsProportionsAtEveryScale() {
        RunPlan plan = RunPlan.of(Settings.builder().size(512).build(), 600, 800, 8 * GB, 6 * GB);
        assertEquals(List.of("96x128", "192x256", "384x512"), plan.stages().stream().map(Stage::toString).toList());
    }

    @Test
    void theFirstStageStartsWhereTheSettingsSay() {
        Settings fromPhoto = Settings.builder().size(256).init(Init.CONTENT).build();
        assertEquals(Start.CONTENT, RunPlan.of(fromPhoto, 400, 300, 8 * GB, 6 * GB).stages().get(0).start());
        Settings single = Settings.builder().size(256).scaleIterations(List.of()).build();
        RunPlan plan = RunPlan.of(single, 400, 300, 8 * GB, 6 * GB);
        assertEquals(1, plan.stages().size());
        assertEquals(Start.NOISE, plan.last().start());
    }

    @Test
    void aLargePrintIsTiledAndKeepsFewerPairsAndSaysSo() {
        Settings settings = Settings.builder().size(2048).build();
        RunPlan plan = RunPlan.of(settings, 2048, 1536, 8 * GB, 6 * GB);
        Stage last = plan.last();
        assertTrue(last.tiled(), "2048x1536 does not fit 8 GB whole");
        assertEquals(MemoryEstimate.historyThatFits(2048, 1536, settings, 8 * GB, 6 * GB), last.lbfgsPairs());
        assertTrue(last.lbfgsPairs() < settings.lbfgsHistory());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("2048x1536 in ") && n.contains(" tiles of ")),
                plan.notes().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("L-BFGS keeps " + last.lbfgsPairs() + " pairs")),
                plan.notes().toString());
        assertTrue(plan.memory().totalBytes() <= 8 * GB, "the plan fits its budget: " + plan.memory());
        assertTrue(!plan.stages().get(0).tiled(), "the coarse scales run whole");
    }

    @Test
    void aSizeThatCannotFitIsRefusedBeforeAnyStage() {
        TransferException e = assertThrows(TransferException.class,
                () -> RunPlan.of(Settings.builder().size(8192).build(), 4000, 3000, 8 * GB, 6 * GB));
        assertTrue(e.getMessage().contains("--size"), e.getMessage());
    }

    @Test
    void aShortSideBelowTheDeepestStrideIsRefusedWithTheSizeThatWorks() {
        // hoovertowernight's 760x400 at 24 px is 24x13: the run failed in TensorFlow ("Negative dimension size").
        SettingsException e = assertThrows(SettingsException.class,
                () -> RunPlan.of(Settings.builder().size(24).build(), 760, 400, 8 * GB, 6 * GB));
        assertEquals("size", e.setting());
        assertTrue(e.getMessage().contains("24x13") && e.getMessage().contains("30 or more"), e.getMessage());
        RunPlan.of(Settings.builder().size(30).build(), 760, 400, 8 * GB, 6 * GB);
        e = assertThrows(SettingsException.class, () -> RunPlan.of(
                Settings.builder().size(48).scaleIterations(List.of(10)).build(), 760, 400, 8 * GB, 6 * GB));
        assertEquals("scale-iterations", e.setting());
        assertTrue(e.getMessage().contains("24x13"), e.getMessage());
    }

    @Test
    void adamKeepsNoPairs() {
        Settings adam = Settings.builder().size(256).optimizer(OptimizerKind.ADAM).build();
        assertTrue(RunPlan.of(adam, 400, 300, 8 * GB, 6 * GB).stages().stream().allMatch(s -> s.lbfgsPairs() == 0));
    }

    @Test
    void theTimeEstimateFollowsTheArithmetic() {
        Settings settings = Settings.builder().size(256).scaleIterations(List.of()).iterations(100).build();
        RunPlan plan = RunPlan.of(settings, 256, 256, 8 * GB, 6 * GB);
        // 101.5 GFLOP per evaluation at 256x256 (FlopCountTest), 1.1 evaluations per iteration.
        assertEquals(100 * 1.1 * 101.5, plan.gflops(settings, 1.1), 100 * 1.1 * 0.05);
        assertEquals(plan.gflops(settings, 1.1) / 500, plan.estimateSeconds(settings, 500), 1e-9);
    }
}
