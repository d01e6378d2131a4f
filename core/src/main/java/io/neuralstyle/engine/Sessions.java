package io.neuralstyle.engine;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/** Opens TensorFlow sessions on the device and with the threads a run asked for. */
final class Sessions {
    private Sessions() {
    }

    /**
     * A session for a graph run once (a forward pass for the targets). TensorFlow's graph optimizer
     * (Grappler) is left out: it copies the graph, VGG19's 80 MB of weight constants included, through
     * each of its passes before the first run, which took about 0.8 s of CPU a graph at 48 to 256 px
     * on a 2-core EPYC, three to four times the forward pass itself at 48 px.
     */
    static Session openForOnePass(Graph graph, Compute compute) {
        return new Session(graph, config(compute.device(), compute.threads(), false));
    }

    /**
     * A session for a graph run many times (an objective). In float32 on the CPU Grappler's rewrites
     * gave no faster evaluation (1.11 s of CPU against 1.08 per 48 px evaluation, 5.19 against 5.23 at
     * 512 px; 2-core EPYC, one thread) and cost the same 0.6 to 1.3 s as above, so it is left out
     * there; in bfloat16 (where it folds the weights' casts) and on a GPU (where it chooses the layout)
     * it stays.
     */
    static Session openForRepeatedRuns(Graph graph, Compute compute, Precision precision) {
        boolean rewrite = precision != Precision.FP32 || compute.device().resolve() == Device.GPU;
        return new Session(graph, config(compute.device(), compute.threads(), rewrite));
    }

    static ConfigProto config(Device device, int threads) {
        return config(device, threads, true);
    }

    /**
     * @param threads threads for each operation; 0 or less means one per available processor. Only
     *                one operation runs at a time: VGG's layers form a chain, so inter-op threads
     *                would only compete with the intra-op ones.
     * @param rewrite whether Grappler rewrites the graph before its first run
     */
    private static ConfigProto config(Device device, int threads, boolean rewrite) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ConfigProto.Builder config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(n)
                .setInterOpParallelismThreads(1)
                // On a GPU, take memory as it is needed rather than nearly all of it at the start,
                // so that the memory estimate and other programs on the GPU keep their meaning.
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
                // An operation without a GPU kernel runs on the CPU instead of failing the run.
                .setAllowSoftPlacement(true);
        if (!rewrite) {
            config.setGraphOptions(GraphOptions.newBuilder()
                    .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
        }
        if (device == Device.CPU) {
            config.putDeviceCount("GPU", 0);
        }
        return config.build();
    }
}
