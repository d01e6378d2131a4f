package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Preprocessing;
import io.neuralstyle.model.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The device choice on this project's machine, which has TensorFlow's CPU library and no GPU: the
 * GPU path is exercised as far as a CPU machine can (the probe runs for real, the CPU-only session
 * configuration computes the same loss), and is not tested on a GPU.
 */
class DeviceTest {

    @Test
    void theProbeListsTheCpuAndNoGpu() {
        assertFalse(Gpus.cudaBuild(), "this build carries TensorFlow's CPU library");
        List<Gpus.VisibleDevice> devices = Gpus.list();
        assertTrue(devices.stream().anyMatch(d -> d.type().equals("CPU") && d.name().endsWith("CPU:0")),
                devices.toString());
        assertTrue(devices.stream().noneMatch(d -> d.type().equals("GPU")), devices.toString());
        assertTrue(Gpus.first().isEmpty());
    }

    @Test
    void autoMeansTheCpuHereAndAskingForAGpuSaysWhatToDo() {
        assertEquals(Device.CPU, Device.AUTO.resolve());
        assertEquals(Device.CPU, Device.CPU.resolve());
        IllegalStateException e = assertThrows(IllegalStateException.class, Device.GPU::resolve);
        assertTrue(e.getMessage().contains("build with -Pgpu") && e.getMessage().contains("--device cpu"),
                e.getMessage());
    }

    @Test
    void parsesWhatTheCommandLineAccepts() {
        assertEquals(Device.GPU, Device.parse(" GPU "));
        assertEquals(Device.AUTO, Device.parse("auto"));
        assertEquals("unknown device 'tpu': use auto, cpu or gpu",
                assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu")).getMessage());
    }

    @Test
    void theCpuOnlySessionComputesTheSameLoss() {
        assertEquals(loss(new Compute(1, Device.AUTO)), loss(new Compute(1, Device.CPU)), 0.0);
    }

    private static double loss(Compute compute) {
        Weights weights = TinyNetwork.weights(3, 7, Preprocessing.TORCHVISION);
        Image content = GradientCheckTest.randomImage(10, 8, 1);
        Image style = GradientCheckTest.randomImage(6, 12, 2);
        Network network = new Network(weights, Pooling.AVG, compute);
        FeatureExtractor extractor = new FeatureExtractor(network);
        LossSpec spec = LossSpec.builder().contentLayers(Map.of("conv2_1", 1.0))
                .styleLayers(Map.of("conv1_1", 0.5, "conv2_1", 0.5)).contentWeight(1).styleWeight(10)
                .weight(ImageTerm.SMOOTHNESS, 3).build();
        Targets targets = new Targets(extractor.features(content, List.of("conv2_1")),
                extractor.grams(style, List.of("conv1_1", "conv2_1")));
        try (StyleObjective objective = new StyleObjective(network, 10, 8, spec, targets)) {
            float[] x = GradientCheckTest.randomImage(10, 8, 3).data();
            return objective.evaluate(x, new float[x.length]);
        }
    }
}
