package io.neuralstyle.transfer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.engine.StyleLoss;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Texture synthesis (style only, no content, style weight only) at 64 px, 100 L-BFGS iterations, on
 * the real VGG19 from The Starry Night, with each style loss; every result measured by the same two
 * yardsticks: the Gram loss, and the sliced distance on directions no run optimized (another seed),
 * so that the sliced run is not measured on what it fitted.
 *
 * <p>Measured (one sitting, 2-core EPYC; the held-out yardstick with its default directions, two
 * per channel): Gram run: Gram loss falls 117x, held-out sliced distance 59x; W2 run: 417x and 208x;
 * sliced run (two directions per channel, the default): 109x and 84x; sliced with 32 directions: 6x
 * and 9x (it fits its few directions and little else). So both the W2 and the sliced term lower the
 * held-out sliced distance further than the Gram run does (see docs/style-losses.md).
 */
class StyleLossTextureTest {
    private static final int SIZE = 64;
    private static final int ITERATIONS = 100;
    /** The sliced yardstick's seed: directions no run (seed 1) optimized. */
    private static final long HELD_OUT_SEED = 1001;

    static Weights weights;
    static Image painting;

    @BeforeAll
    static void load() {
        weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        painting = ImageReader.read(SharedData.imageOrSkip("starry_night.jpg"));
    }

    /** Gram-loss and held-out sliced-distance factors (noise / result) of one texture run. */
    private record Factors(double gram, double sliced) {
    }

    @Test
    void eachStyleLossLowersTheHeldOutSlicedDistance() {
        Settings base = Settings.builder().size(SIZE).iterations(ITERATIONS).seed(1).contentLayers(Map.of())
                .build();
        try (LossMeter gram = meter(base.toBuilder().styleLoss(StyleLoss.GRAM).build());
                LossMeter sliced = meter(base.toBuilder().styleLoss(StyleLoss.SLICED).seed(HELD_OUT_SEED).build())) {
            Factors g = run(base.toBuilder().styleLoss(StyleLoss.GRAM).build(), gram, sliced);
            Factors w = run(base.toBuilder().styleLoss(StyleLoss.W2).build(), gram, sliced);
            Factors s = run(base.toBuilder().styleLoss(StyleLoss.SLICED).build(), gram, sliced);
            Factors few = run(base.toBuilder().styleLoss(StyleLoss.SLICED).styleProjections(32).build(), gram, sliced);

            assertTrue(w.sliced() >= g.gram(), "W2: the sliced distance falls " + w.sliced()
                    + "x, at least the Gram run's Gram factor " + g.gram() + "x");
            assertTrue(s.sliced() >= g.sliced(), "sliced: the held-out sliced distance falls " + s.sliced()
                    + "x, at least the Gram run's " + g.sliced() + "x");
            // The negative control: too few directions are fitted, and the held-out yardstick says so.
            assertTrue(few.sliced() * 3 < s.sliced(), "32 directions: " + few.sliced() + "x, the default count: "
                    + s.sliced() + "x");
        }
    }

    private static Factors run(Settings settings, LossMeter gram, LossMeter sliced) {
        Result r = StyleTransfer.builder().weights(weights).settings(settings).build()
                .run(RunRequest.builder(settings).styles(List.of(StyleImage.of(painting))).build());
        Image noise = new Image(r.image().width(), r.image().height(),
                StyleTransfer.noise(r.image().width(), r.image().height(), settings.seed()));
        Factors f = new Factors(gram.of(noise).style() / gram.of(r.image()).style(),
                sliced.of(noise).style() / sliced.of(r.image()).style());
        double own = r.initial().style() / r.history().get(r.history().size() - 1).style();
        System.out.printf("texture %d px, %s (projections %d): own loss falls %.1fx, Gram loss %.1fx, held-out"
                + " sliced distance %.1fx, %.1f s%n", SIZE, settings.styleLoss(), settings.styleProjections(), own,
                f.gram(), f.sliced(), r.seconds());
        return f;
    }

    private static LossMeter meter(Settings settings) {
        return StyleTransfer.builder().weights(weights).settings(settings).build().lossMeter(null,
                List.of(StyleImage.of(painting)));
    }
}
