package io.neuralstyle.engine;

import io.neuralstyle.image.Image;
import io.neuralstyle.model.Vgg19;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Forward passes of VGG19 on whole images: the content and style targets of a run, and the feature
 * maps that the parity tests compare with PyTorch. Each call builds a graph for the image's size and
 * the deepest layer asked for, and closes it again: targets are computed once per run.
 */
public final class FeatureExtractor {
    private final Network network;

    /** Runs {@code network} in float32 whatever its precision: targets stay float32 (see {@link Precision}). */
    public FeatureExtractor(Network network) {
        this.network = network;
    }

    /** The feature maps of the given layers. */
    public Map<String, FeatureMap> features(Image image, Collection<String> layers) {
        Map<String, FeatureMap> out = new LinkedHashMap<>();
        run(image, layers, false).forEach((layer, values) -> out.put(layer, values.featureMap()));
        return out;
    }

    /** The Gram matrices (N_l x N_l, divided by M_l, as {@link LossTerms} defines them) of the given layers. */
    public Map<String, float[]> grams(Image image, Collection<String> layers) {
        Map<String, float[]> out = new LinkedHashMap<>();
        run(image, layers, true).forEach((layer, values) -> out.put(layer, values.data));
        return out;
    }

    /**
     * The statistics of a painting that {@code loss} compares with (see {@link StyleTarget}), over the
     * whole image: Gram matrices; Gram matrices and means; or the feature maps themselves.
     */
    public StyleTarget styleTarget(Image image, Collection<String> layers, StyleLoss loss) {
        return switch (loss) {
            case GRAM -> new StyleTarget(grams(image, layers), null);
            case W2 -> {
                Map<String, float[]> grams = new LinkedHashMap<>();
                Map<String, float[]> means = new LinkedHashMap<>();
                features(image, layers).forEach((layer, f) -> {
                    grams.put(layer, LossTerms.secondMoment(f));
                    means.put(layer, LossTerms.mean(f));
                });
                yield new StyleTarget(grams, null, means, List.of());
            }
            case SLICED -> new StyleTarget(Map.of(), null, Map.of(),
                    List.of(new StyleTarget.Painting(1, features(image, layers))));
        };
    }

    private record Fetched(float[] data, int channels, int height, int width) {
        FeatureMap featureMap() {
            return new FeatureMap(channels, height, width, data);
        }
    }

    private Map<String, Fetched> run(Image image, Collection<String> layers, boolean gram) {
        List<String> names = new ArrayList<>();
        for (String l : layers) {
            names.add(Vgg19.canonical(l));
        }
        if (names.isEmpty()) {
            return Map.of();
        }
        String deepest = names.stream().max((a, b) -> Vgg19.index(a) - Vgg19.index(b)).orElseThrow();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(1, 3, image.height(), image.width())));
            Map<String, Operand<TFloat32>> features = Vgg19Graph.build(tf, input, network.weights(), network.pooling(),
                    deepest);
            List<Operand<TFloat32>> fetches = new ArrayList<>();
            for (String l : names) {
                Operand<TFloat32> f = features.get(l);
                Shape s = f.shape();
                int positions = (int) (s.get(1) * s.get(2));
                fetches.add(gram ? LossTerms.gram(tf, f, (int) s.get(3), positions, positions) : f);
            }
            try (Session session = Sessions.openForOnePass(graph, network.compute());
                    TFloat32 in = Tensors.imageTensor(image);
                    Result result = runner(session, input, in, fetches)) {
                Map<String, Fetched> out = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    Shape s = features.get(names.get(i)).shape();
                    TFloat32 t = (TFloat32) result.get(i);
                    out.put(names.get(i), new Fetched(Tensors.toArray(t), (int) s.get(3), (int) s.get(1),
                            (int) s.get(2)));
                }
                return out;
            }
        }
    }

    private static Result runner(Session session, Placeholder<TFloat32> input, TFloat32 in,
            List<Operand<TFloat32>> fetches) {
        Session.Runner runner = session.runner().feed(input, in);
        fetches.forEach(runner::fetch);
        return runner.run();
    }
}
