package io.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A run stopped, its state kept, and resumed by a new optimizer goes on exactly as if never stopped. */
class ResumeTest {

    @Test
    void lbfgsGoesOnBitForBit() {
        assertResumesExactly(() -> new Lbfgs(10), Box.NONE);
    }

    @Test
    void boundedLbfgsGoesOnBitForBit() {
        assertResumesExactly(() -> new Lbfgs(10, new Box(-2f, 0.5f)), new Box(-2f, 0.5f));
    }

    @Test
    void lbfgsWithAFullRingOfPairsGoesOnBitForBit() {
        // 3 pairs and 10 iterations: the ring has wrapped several times before the state is taken.
        assertResumesExactly(() -> new Lbfgs(3), Box.NONE);
    }

    @Test
    void adamGoesOnBitForBit() {
        assertResumesExactly(() -> new Adam(0.01, new Box(-2f, 0.5f)), new Box(-2f, 0.5f));
    }

    @Test
    void aStateOfAnotherOptimizerIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs().resume(TestFunctions.ROSENBROCK,
                adamState(), new float[2], 10, TestFunctions.CONTINUE));
    }

    private static OptimizerState adamState() {
        Adam adam = new Adam(0.01);
        OptimizerState[] kept = {null};
        adam.minimize(TestFunctions.ROSENBROCK, TestFunctions.rosenbrockStart(2), 3, it -> {
            kept[0] = copy(adam.state());
            return true;
        });
        return kept[0];
    }

    private static void assertResumesExactly(Supplier<Optimizer> make, Box box) {
        int total = 60;
        int stopAt = 10;
        float[] whole = TestFunctions.rosenbrockStart(100);
        box.project(whole);
        List<Double> wholeLosses = new ArrayList<>();
        make.get().minimize(TestFunctions.ROSENBROCK, whole, total, it -> wholeLosses.add(it.loss()));

        Optimizer first = make.get();
        float[] x = TestFunctions.rosenbrockStart(100);
        box.project(x);
        List<Double> losses = new ArrayList<>();
        OptimizerState[] kept = {null};
        first.minimize(TestFunctions.ROSENBROCK, x, total, it -> {
            losses.add(it.loss());
            if (it.number() == stopAt) {
                kept[0] = copy(first.state());
                return false;
            }
            return true;
        });
        assertEquals(stopAt, kept[0].iteration());

        float[] resumed = new float[100];
        int done = make.get().resume(TestFunctions.ROSENBROCK, kept[0], resumed, total, it -> {
            losses.add(it.loss());
            return true;
        });
        assertEquals(wholeLosses.size(), done);
        assertEquals(wholeLosses, losses, "the same loss after every iteration");
        assertArrayEquals(whole, resumed, "the same point, bit for bit");
    }

    /** A deep copy: the state's arrays are the optimizer's own and change as it goes on. */
    private static OptimizerState copy(OptimizerState s) {
        List<float[]> arrays = new ArrayList<>();
        s.arrays().forEach(a -> arrays.add(a.clone()));
        return new OptimizerState(s.optimizer(), s.iteration(), s.evaluations(), s.loss(), s.x().clone(),
                s.gradient().clone(), arrays, s.numbers().clone());
    }
}
