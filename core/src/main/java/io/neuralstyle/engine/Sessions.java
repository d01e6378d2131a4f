package io.neuralstyle.engine;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/** Opens TensorFlow sessions on the device and with the threads a run asked for. */
final class Sessions {
    private Sessions() {
    }

    static Session open(Graph graph, Compute compute) {
        return new Session(graph, config(compute.device(), compute.threads()));
    }

    /**
     * @param threads threads for each operation; 0 or less means one per available processor. Only
     *                one operation runs at a time: VGG's layers form a chain, so inter-op threads
     *                would only compete with the intra-op ones.
     */
    static ConfigProto config(Device device, int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ConfigProto.Builder config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(n)
                .setInterOpParallelismThreads(1)
                // On a GPU, take memory as it is needed rather than nearly all of it at the start,
                // so that the memory estimate and other programs on the GPU keep their meaning.
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
                // An operation without a GPU kernel runs on the CPU instead of failing the run.
                .setAllowSoftPlacement(true);
        if (device == Device.CPU) {
            config.putDeviceCount("GPU", 0);
        }
        return config.build();
    }
}
