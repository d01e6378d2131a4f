package io.neuralstyle.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.SharedData;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.model.QuantizedWeightsReader;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.StyleImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clip painted end to end on the real weights, small: frames in from a folder, a video out with
 * the frame rate asked for, a run stopped mid-clip taken up at the next frame, and the flicker
 * measure of Ruder et al. against frames painted independently.
 */
class VideoTransferTest {
    static final int FRAMES = 6;
    /** The flicker measure's clip: the same 64x48 clip, longer, so that the picture leaves a trail. */
    static final int FLICKER_FRAMES = 10;
    static Weights weights;
    static SyntheticClip clip;
    static List<StyleImage> styles;
    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        weights = QuantizedWeightsReader.read(SharedData.q8WeightsOrSkip());
        Image photo = ImageReader.read(SharedData.imageOrSkip("tubingen.jpg"));
        Image picture = ImageReader.read(SharedData.imageOrSkip("starry_night.jpg"));
        clip = new SyntheticClip(photo, picture, 64, 48);
        styles = List.of(StyleImage.of(ImageReader.read(SharedData.imageOrSkip("the_scream.jpg"))));
    }

    private Path frames() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int t = 0; t < FRAMES; t++) {
            ImageWriter.writePng(clip.frame(t), in.resolve("shot-" + (t + 1) + ".png"), Map.of());
        }
        return in;
    }

    private VideoTransfer transfer() {
        Settings settings = Settings.builder().size(64).iterations(20).threads(2).build();
        return new VideoTransfer(weights, settings, new VideoSettings(VideoSettings.DEFAULT_TEMPORAL_WEIGHT, 10, false,
                12), note -> { }, "test");
    }

    @Test
    void stoppedRunGoesOnAtTheNextFrameAndWritesTheClip() throws Exception {
        Path in = frames();
        Path out = dir.resolve("painted.mp4");
        Path work = dir.resolve("painted.mp4.frames");
        VideoTransfer.Outcome first = transfer().run(in, styles, null, out, work, p -> p.frame() < 4);
        assertTrue(first.stopped());
        assertEquals(3, first.frames());
        assertFalse(Files.exists(out), "no clip before every frame is painted");
        List<Integer> framesSeen = new ArrayList<>();
        VideoTransfer.Outcome second = transfer().run(in, styles, null, out, work, p -> {
            if (!framesSeen.contains(p.frame())) {
                framesSeen.add(p.frame());
            }
            return true;
        });
        assertEquals(List.of(4, 5, 6), framesSeen, "frames 1-3 are taken from the work folder");
        assertEquals(FRAMES, second.frames());
        assertFalse(Files.exists(work), "the work folder goes once the clip is written");
        try (ClipReader written = ClipReader.open(out)) {
            assertEquals(12, written.frameRate(), 0.01);
            assertEquals(64, written.width());
            assertEquals(48, written.height());
            int n = 0;
            while (written.next() != null) {
                n++;
            }
            assertEquals(FRAMES, n);
        }
    }

    /**
     * A run stopped after frame 3 and taken up again ends with the very frames of a run never
     * stopped: nothing a frame is painted from may depend on what the process did before (the flow's
     * starting guess did, see {@link OpticalFlow}).
     */
    @Test
    void resumedRunEndsBitIdenticalToAnUninterruptedOne() throws Exception {
        Path in = frames();
        Path whole = dir.resolve("whole");
        transfer().run(in, styles, null, whole, dir.resolve("whole.frames"), p -> true);
        Path resumed = dir.resolve("resumed");
        Path work = dir.resolve("resumed.frames");
        assertTrue(transfer().run(in, styles, null, resumed, work, p -> p.frame() < 4).stopped());
        transfer().run(in, styles, null, resumed, work, p -> true);
        for (int k = 1; k <= FRAMES; k++) {
            Image a = ImageReader.read(whole.resolve(ClipWriter.frameName(k)));
            Image b = ImageReader.read(resumed.resolve(ClipWriter.frameName(k)));
            assertTrue(java.util.Arrays.equals(a.data(), b.data()), "frame " + k + " differs after the resume");
        }
    }

    private VideoTransfer transfer(Weights w, int threads) {
        Settings settings = Settings.builder().size(64).iterations(20).threads(threads).build();
        return new VideoTransfer(w, settings, new VideoSettings(VideoSettings.DEFAULT_TEMPORAL_WEIGHT, 10, false,
                12), note -> { }, "test");
    }

    /**
     * The work folder's fingerprint is core's plus the video settings (issue 23): another --threads
     * or a touched clip goes on where it stopped; other weights are refused, and the refusal says so.
     */
    @Test
    void workFolderResumesAfterThreadsOrTouchButNotWithOtherWeights() throws Exception {
        Path in = frames();
        Path mp4 = dir.resolve("clip.mp4");
        ClipWriter.writeVideo(ClipReader.frameFiles(in), 12, null, mp4);
        Path out = dir.resolve("painted");
        Path work = dir.resolve("work");
        assertTrue(transfer(weights, 2).run(mp4, styles, null, out, work, p -> p.frame() < 2).stopped());
        Files.setLastModifiedTime(mp4, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        int[] firstFrame = {0};
        assertTrue(transfer(weights, 1).run(mp4, styles, null, out, work, p -> {
            firstFrame[0] = p.frame();
            return false;
        }).stopped());
        assertEquals(2, firstFrame[0], "frame 1 was kept through the touch and the other --threads");
        Map<String, float[]> kernels = new java.util.HashMap<>();
        Map<String, float[]> biases = new java.util.HashMap<>();
        for (String layer : io.neuralstyle.model.Vgg19.LAYERS.subList(0, weights.depth())) {
            kernels.put(layer, weights.kernel(layer).clone());
            biases.put(layer, weights.bias(layer));
        }
        kernels.get("conv1_1")[0] += 0.01f;
        Weights other = new Weights(kernels, biases, weights.preprocessing(), "other");
        VideoException e = assertThrows(VideoException.class,
                () -> transfer(other, 2).run(mp4, styles, null, out, work, p -> true));
        assertTrue(e.getMessage().contains("another weights"), e.getMessage());
    }

    /** One live writer per work folder (issue 24): a second run on it stops at once, naming the first. */
    @Test
    void secondRunOnTheSameWorkFolderStopsAtOnce() throws Exception {
        Path in = frames();
        Path work = dir.resolve("work");
        try (io.neuralstyle.image.OutputLock held = io.neuralstyle.image.OutputLock.acquire(work)) {
            boolean[] painted = {false};
            VideoException e = assertThrows(VideoException.class,
                    () -> transfer().run(in, styles, null, dir.resolve("other"), work, p -> painted[0] = true));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertFalse(painted[0], "nothing painted");
        }
    }

    /** A frame of another size in a folder is refused before the first frame is painted, not when reached. */
    @Test
    void framesOfMixedSizesAreRefusedBeforePainting() throws Exception {
        Path in = frames();
        ImageWriter.writePng(io.neuralstyle.image.Resize.to(clip.frame(4), 66, 48), in.resolve("shot-5.png"), Map.of());
        boolean[] painted = {false};
        VideoException e = assertThrows(VideoException.class,
                () -> transfer().run(in, styles, null, dir.resolve("out"), dir.resolve("work"), p -> painted[0] = true));
        assertTrue(e.getMessage().contains("shot-5.png"), e.getMessage());
        assertFalse(painted[0], "nothing painted");
    }

    /** An mp4 of which fewer frames decode than it announces is refused before painting, and says how to go on. */
    @Test
    void aClipCutShortIsRefusedUnlessAccepted() throws Exception {
        Path mp4 = dir.resolve("clip.mp4");
        List<Path> many = new ArrayList<>();
        Path in = Files.createDirectories(dir.resolve("many"));
        for (int t = 0; t < 24; t++) {
            Path f = in.resolve("f-" + (t + 1) + ".png");
            ImageWriter.writePng(clip.frame(t % 12), f, Map.of());
            many.add(f);
        }
        ClipWriter.writeVideo(many, 12, null, mp4);
        byte[] bytes = Files.readAllBytes(mp4);
        Path cut = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 5));
        boolean[] painted = {false};
        VideoException e = assertThrows(VideoException.class,
                () -> transfer().run(cut, styles, null, dir.resolve("out"), dir.resolve("work"), p -> painted[0] = true));
        assertTrue(e.getMessage().contains("of the 24 frames") && e.getMessage().contains("--accept-short"),
                e.getMessage());
        assertFalse(painted[0], "nothing painted");
    }

    /**
     * A temporal weight of 0 paints every frame apart, as a single picture: frame 2 is what a clip
     * starting at that frame makes of it, not the warped frame 1 touched up.
     */
    @Test
    void temporalWeightZeroPaintsEachFrameAsASinglePicture() throws Exception {
        Path in = Files.createDirectories(dir.resolve("two"));
        Path alone = Files.createDirectories(dir.resolve("alone"));
        ImageWriter.writePng(clip.frame(0), in.resolve("f-1.png"), Map.of());
        ImageWriter.writePng(clip.frame(1), in.resolve("f-2.png"), Map.of());
        ImageWriter.writePng(clip.frame(1), alone.resolve("f-1.png"), Map.of());
        Settings settings = Settings.builder().size(64).iterations(20).threads(2).build();
        VideoTransfer apart = new VideoTransfer(weights, settings, new VideoSettings(0, 10, false, 12), note -> { },
                "test");
        apart.run(in, styles, null, dir.resolve("out-two"), dir.resolve("w1"), p -> true);
        apart.run(alone, styles, null, dir.resolve("out-alone"), dir.resolve("w2"), p -> true);
        Image second = ImageReader.read(dir.resolve("out-two").resolve(ClipWriter.frameName(2)));
        Image single = ImageReader.read(dir.resolve("out-alone").resolve(ClipWriter.frameName(1)));
        assertTrue(java.util.Arrays.equals(second.data(), single.data()), "frame 2 was not painted apart");
    }

    /**
     * During the first frame the time left counts the later frames too, from the plans (the issue's
     * "31 s left" during frame 1 of a 15,000-frame clip counted that frame alone).
     */
    @Test
    void timeLeftDuringTheFirstFrameCountsTheLaterFrames() throws Exception {
        Path in = frames();
        double[] seen = {Double.NaN, Double.NaN};
        transfer().run(in, styles, null, dir.resolve("out"), dir.resolve("work"), p -> {
            if (!Double.isNaN(p.iteration().secondsLeft()) && p.iteration().iteration() >= 3) {
                seen[0] = p.secondsLeft();
                seen[1] = p.iteration().secondsLeft();
                return false;
            }
            return true;
        });
        assertTrue(seen[0] > seen[1] + 0.01, "clip " + seen[0] + " s left, its first frame " + seen[1] + " s");
    }

    /**
     * At a hard cut the temporal term must not drag the old scene into the new one: the first frame
     * after the cut is painted as a first frame, exactly as a clip that starts there paints it, so it
     * is no closer to the warped previous frame than an independent painting is.
     */
    @Test
    void theFirstFrameAfterACutIsPaintedAsAFirstFrame() throws Exception {
        SyntheticClip other = new SyntheticClip(ImageReader.read(SharedData.imageOrSkip("hoovertowernight.jpg")),
                ImageReader.read(SharedData.imageOrSkip("the_scream.jpg")), 64, 48, SyntheticClip.Motion.BRISK);
        Path in = Files.createDirectories(dir.resolve("cut"));
        Path alone = Files.createDirectories(dir.resolve("alone"));
        ImageWriter.writePng(clip.frame(0), in.resolve("f-1.png"), Map.of());
        ImageWriter.writePng(clip.frame(1), in.resolve("f-2.png"), Map.of());
        ImageWriter.writePng(other.frame(0), in.resolve("f-3.png"), Map.of());
        ImageWriter.writePng(other.frame(0), alone.resolve("f-1.png"), Map.of());
        List<String> notes = new ArrayList<>();
        Settings settings = Settings.builder().size(64).iterations(20).threads(2).build();
        VideoTransfer transfer = new VideoTransfer(weights, settings, new VideoSettings(
                VideoSettings.DEFAULT_TEMPORAL_WEIGHT, 10, false, 12), notes::add, "test");
        transfer.run(in, styles, null, dir.resolve("out-cut"), dir.resolve("w1"), p -> true);
        transfer.run(alone, styles, null, dir.resolve("out-alone"), dir.resolve("w2"), p -> true);
        Image afterCut = ImageReader.read(dir.resolve("out-cut").resolve(ClipWriter.frameName(3)));
        Image single = ImageReader.read(dir.resolve("out-alone").resolve(ClipWriter.frameName(1)));
        assertTrue(java.util.Arrays.equals(afterCut.data(), single.data()), "frame 3 was held to the old scene");
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("frame 3: a scene cut")), notes.toString());
        assertFalse(notes.stream().anyMatch(n -> n.startsWith("frame 2: a scene cut")), notes.toString());
    }

    /**
     * {@code --frames 4:2} paints frames 4 and 5 of the clip as a clip of their own: the same frames a
     * clip made of those two paints.
     */
    @Test
    void aFrameRangePaintsThatPartAsAClipOfItsOwn() throws Exception {
        Path in = frames();
        Path part = Files.createDirectories(dir.resolve("part"));
        Files.copy(in.resolve("shot-4.png"), part.resolve("f-1.png"));
        Files.copy(in.resolve("shot-5.png"), part.resolve("f-2.png"));
        Settings settings = Settings.builder().size(64).iterations(20).threads(2).build();
        VideoSettings range = new VideoSettings(VideoSettings.DEFAULT_TEMPORAL_WEIGHT, 10, false, 12, false, 4, 2,
                VideoQuality.DEFAULT);
        VideoTransfer.Outcome outcome = new VideoTransfer(weights, settings, range, note -> { }, "test")
                .run(in, styles, null, dir.resolve("out-range"), dir.resolve("w1"), p -> true);
        assertEquals(2, outcome.frames());
        transfer().run(part, styles, null, dir.resolve("out-part"), dir.resolve("w2"), p -> true);
        for (int k = 1; k <= 2; k++) {
            Image a = ImageReader.read(dir.resolve("out-range").resolve(ClipWriter.frameName(k)));
            Image b = ImageReader.read(dir.resolve("out-part").resolve(ClipWriter.frameName(k)));
            assertTrue(java.util.Arrays.equals(a.data(), b.data()), "frame " + k + " of the part differs");
        }
        assertFalse(Files.exists(dir.resolve("out-range").resolve(ClipWriter.frameName(3))));
        assertEquals(List.of(101, 50), java.util.Arrays.stream(VideoSettings.parseFrames("101:50")).boxed().toList());
        assertEquals(List.of(101, 0), java.util.Arrays.stream(VideoSettings.parseFrames("101:")).boxed().toList());
        assertThrows(IllegalArgumentException.class, () -> VideoSettings.parseFrames("x:2"));
    }

    @Test
    void somethingThatIsNotAClipIsRefusedAndNothingIsWritten() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video");
        Path out = dir.resolve("out.mp4");
        VideoException e = assertThrows(VideoException.class,
                () -> transfer().run(text, styles, null, out, dir.resolve("work"), p -> true));
        assertTrue(e.getMessage().contains("notes.mp4"), e.getMessage());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("work")));
    }

    /**
     * Ruder et al.'s point, measured as they do: the warping error of this method is at least 3x lower
     * than frames painted independently from noise, and its frames' style loss within 20% of theirs.
     * And the background the moving picture uncovers is painted like the rest, not left as a trail of
     * the photo.
     */
    @Test
    void temporalTermFlickersAtLeastThreeTimesLessThanIndependentFrames() {
        List<Image> photos = new ArrayList<>();
        for (int t = 0; t < FLICKER_FRAMES; t++) {
            photos.add(clip.frame(t));
        }
        // 10 frames at 64x48, 40 iterations for a frame from noise, 20 for a later one: measured warping
        // error 0.00062 vs 0.0124 (20x), style 0.052 vs 0.069, trail 1.20 vs 1.06, in 73 s on two cores.
        // 12 frames at 128x96 gave the same verdicts (0.00052 vs 0.0128, style 0.067 vs 0.087, trail 0.95
        // vs 1.01) in 236-278 s; 6 frames at 128x96 left the trail within 2% of its bound.
        Settings settings = Settings.builder().size(64).iterations(40).threads(2).build();
        List<VideoBenchmark.Row> rows = VideoBenchmark.run(weights, settings,
                new VideoSettings(VideoSettings.DEFAULT_TEMPORAL_WEIGHT, 20, false, 12), photos, styles,
                List.of(VideoBenchmark.Method.INDEPENDENT, VideoBenchmark.Method.TEMPORAL), line -> { });
        VideoBenchmark.Row independent = rows.get(0);
        VideoBenchmark.Row temporal = rows.get(1);
        String figures = "warping error " + temporal.warpingError() + " vs " + independent.warpingError()
                + ", style " + temporal.styleLoss() + " vs " + independent.styleLoss()
                + ", trail painted " + trailPainted(photos, temporal.frames()) + " vs "
                + trailPainted(photos, independent.frames());
        System.out.println("flicker test: " + figures);
        assertTrue(temporal.warpingError() * 3 <= independent.warpingError(), figures);
        assertTrue(temporal.styleLoss() <= 1.2 * independent.styleLoss(), figures);
        assertTrue(trailPainted(photos, temporal.frames()) >= 0.9 * trailPainted(photos, independent.frames()), figures);
    }

    /**
     * How far the painted frames depart from the photo where the moving picture has uncovered the
     * background, against how far they depart on the rest of the background: about 1 when the strip is
     * painted like its surroundings, well below when it stays close to the photo.
     */
    private static double trailPainted(List<Image> photos, List<Image> painted) {
        double trail = 0;
        double rest = 0;
        long trailCount = 0;
        long restCount = 0;
        for (int t = 1; t < photos.size(); t++) {
            boolean[] uncovered = clip.uncoveredSinceStart(t);
            int plane = clip.width * clip.height;
            for (int p = 0; p < plane; p++) {
                if (clip.inSprite(t, p % clip.width, p / clip.width)) {
                    continue;
                }
                double d = 0;
                for (int c = 0; c < 3; c++) {
                    d += Math.abs(painted.get(t).data()[c * plane + p] - photos.get(t).data()[c * plane + p]);
                }
                if (uncovered[p]) {
                    trail += d;
                    trailCount++;
                } else {
                    rest += d;
                    restCount++;
                }
            }
        }
        return (trail / trailCount) / (rest / restCount);
    }
}
