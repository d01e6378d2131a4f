package io.neuralstyle.transfer;

import io.neuralstyle.engine.FeatureExtractor;
import io.neuralstyle.engine.LossObjective;
import io.neuralstyle.engine.LossSpec;
import io.neuralstyle.engine.Losses;
import io.neuralstyle.engine.Network;
import io.neuralstyle.engine.StyleObjective;
import io.neuralstyle.engine.StyleTarget;
import io.neuralstyle.engine.Targets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the runs of one clip share, kept from one run to the next: the style targets of each size
 * and the objective's graph of each size, which a video's next frame gets again with its own photo
 * ({@link StyleObjective#retarget}) instead of building the network's graph, optimizing it and
 * computing the paintings' targets once more. At 128 px that set-up costs about as much as ten
 * evaluations, a frame's third.
 *
 * <p>Paintings and masks are recognised as the same objects (a clip passes the same list to every
 * frame): a painting whose colours are matched to each frame's photo is a new image each time, and
 * its targets and graph are made anew, as without a cache. The results are the same to the bit as
 * without one. For the runs of one clip, one at a time; close it when the clip is done.
 */
public final class StageCache implements AutoCloseable {
    private final Map<StyleKey, List<StyleTarget>> styleTargets = new HashMap<>();
    private final Map<Size, StyleObjective> objectives = new HashMap<>();
    private int graphsBuilt;
    private int styleTargetsComputed;

    /** The style targets at {@code width} x {@code height}, computed when these paintings are first asked for at it. */
    List<StyleTarget> styleTargets(Network network, FeatureExtractor extractor, List<StyleImage> styles,
            Settings settings, LossSpec spec, int width, int height) {
        List<Same> paintings = new ArrayList<>();
        for (StyleImage s : styles) {
            paintings.add(new Same(s.image()));
            paintings.add(new Same(s.mask()));
        }
        StyleKey key = new StyleKey(paintings, width, height, network, spec.withoutImageTerms(),
                settings.styleScale(), settings.styleBlend());
        return styleTargets.computeIfAbsent(key, k -> {
            styleTargetsComputed++;
            return StyleTargets.compute(extractor, styles, spec.styleLayers().keySet(), settings, width, height);
        });
    }

    /**
     * An objective for these targets: this size's graph, given them, where it holds the same loss and
     * style targets; else a new one, kept for the next run. Closing what it returns leaves it open.
     */
    LossObjective objective(Network network, int width, int height, LossSpec spec, Targets targets) {
        Size size = new Size(width, height, network);
        StyleObjective objective = objectives.get(size);
        if (objective != null && objective.holds(spec, targets.styles())) {
            objective.retarget(spec, targets);
        } else {
            if (objective != null) {
                objective.close();
            }
            objective = new StyleObjective(network, width, height, spec, targets);
            graphsBuilt++;
            objectives.put(size, objective);
        }
        return new Kept(objective);
    }

    /** How many objectives' graphs it has built: one per size its runs used, when their paintings stay. */
    int graphsBuilt() {
        return graphsBuilt;
    }

    /** How many times it has computed the paintings' style targets: one per size, likewise. */
    int styleTargetsComputed() {
        return styleTargetsComputed;
    }

    @Override
    public void close() {
        objectives.values().forEach(StyleObjective::close);
        objectives.clear();
        styleTargets.clear();
    }

    private record Size(int width, int height, Network network) {
    }

    private record StyleKey(List<Same> paintings, int width, int height, Network network, LossSpec spec,
            double styleScale, List<Double> blend) {
    }

    /** An object compared by identity: an image's values are not compared, its reference is. */
    private record Same(Object value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Same other && other.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }

    /** A cached objective lent to one stage: the cache, not the stage, closes it. */
    private record Kept(StyleObjective objective) implements LossObjective {
        @Override
        public double evaluate(float[] x, float[] gradient) {
            return objective.evaluate(x, gradient);
        }

        @Override
        public Losses lastLosses() {
            return objective.lastLosses();
        }

        @Override
        public void close() {
        }
    }
}
