package io.neuralstyle.engine;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/** Opens TensorFlow sessions with the thread settings a run asked for. */
final class Sessions {
    private Sessions() {
    }

    /**
     * @param threads threads for each operation; 0 or less means one per available processor. Only
     *                one operation runs at a time: VGG's layers form a chain, so inter-op threads
     *                would only compete with the intra-op ones.
     */
    static Session open(Graph graph, int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ConfigProto config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(n)
                .setInterOpParallelismThreads(1)
                .build();
        return new Session(graph, config);
    }
}
