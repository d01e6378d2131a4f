package io.neuralstyle.video;

import static io.neuralstyle.video.TestClips.FPS;
import static io.neuralstyle.video.TestClips.FRAMES;
import static io.neuralstyle.video.TestClips.HEIGHT;
import static io.neuralstyle.video.TestClips.WIDTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClipIoTest {
    /**
     * What ClipWriter wrote for {@link TestClips#panningPainting} (24 frames of 128x96 at 12 fps)
     * before {@code --video-quality}: measured on that code (commit cf9232a), OpenH264 and libvpx-vp9
     * of JavaCV 1.5.11.
     */
    private static final Map<String, Long> SIZE_BEFORE_THE_OPTION = Map.of("mp4", 33_978L, "webm", 15_444L);

    @TempDir
    Path dir;

    @Test
    void readsAVideoWithItsCountSizeRateAndFrames() throws Exception {
        Path clip = TestClips.mp4(dir, "clip.mp4", false);
        try (ClipReader reader = ClipReader.open(clip)) {
            assertEquals(FRAMES, reader.frameCount());
            assertEquals(WIDTH, reader.width());
            assertEquals(HEIGHT, reader.height());
            assertEquals(FPS, reader.frameRate(), 1e-6);
            assertReadsBackTheTestFrames(reader);
            assertNull(reader.next());
            reader.close(); // and again by try: closing twice is harmless
        }
    }

    @Test
    void readsAFolderInTheOrderOfTheNumbersInTheNames() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("frames"));
        for (int n : new int[] {10, 2, 1}) {
            ImageWriter.writePng(Image.filled(8, 6, n / 10f), folder.resolve("frame-" + n + ".png"), Map.of());
        }
        ImageWriter.writePng(Image.filled(8, 6, 0.5f), folder.resolve("cover.png"), Map.of());
        Files.writeString(folder.resolve("notes-3.txt"), "not a frame");
        try (ClipReader reader = ClipReader.open(folder)) {
            assertEquals(3, reader.frameCount());
            assertEquals(0, reader.frameRate());
            assertEquals(8, reader.width());
            assertEquals(6, reader.height());
            for (float expected : new float[] {0.1f, 0.2f, 1f}) {
                assertEquals(Math.round(expected * 255) / 255f, reader.next().get(0, 0, 0), 1e-6f);
            }
            assertNull(reader.next());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp4", "mov", "mkv", "webm"})
    void writesAVideoThatReadsBackAsWritten(String extension) throws Exception {
        List<Path> frames = TestClips.pngFrames(dir.resolve("painted"), FRAMES, WIDTH, HEIGHT);
        Path out = dir.resolve("styled." + extension);
        ClipWriter.writeVideo(frames, FPS, null, out);

        try (ClipReader reader = ClipReader.open(out)) {
            assertEquals(FRAMES, reader.frameCount());
            assertEquals(FPS, reader.frameRate(), 1e-6);
            Image first = reader.next();
            assertTrue(TestClips.meanAbsError(TestClips.frame(0), first) < 0.03);
        }
        TestClips.Probe probe = TestClips.probe(out);
        assertEquals(FRAMES, probe.decodedFrames());
        assertEquals(0, probe.audioChannels());
        assertEquals(extension.equals("webm") ? "vp9" : "h264", probe.videoCodec());
        assertEquals(List.of(out), listing(dir, "styled"));
    }

    @Test
    void writesALoopingGifThatFfmpegReadsBackFrameByFrame() throws Exception {
        List<Path> frames = TestClips.pngFrames(dir.resolve("painted"), FRAMES, WIDTH, HEIGHT);
        Path out = dir.resolve("styled.gif");
        ClipWriter.checkVideoName(out);
        ClipWriter.writeVideo(frames, FPS, null, out);

        try (ClipReader reader = ClipReader.open(out)) {
            // 256 colours for the whole clip, whose hues sweep most of the colour cube over its frames
            // (a painted clip's keep to its painting's): close, not exact: 0.027 on average, 0.031 at
            // most (0.021 on average with a palette a frame, which flickers: see the still painting's test).
            for (int i = 0; i < FRAMES; i++) {
                double error = TestClips.meanAbsError(TestClips.frame(i), reader.next());
                assertTrue(error < 0.035, "frame " + i + " differs by " + error);
            }
            assertNull(reader.next());
        }
        ImageReader gif = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(out.toFile())) {
            gif.setInput(in);
            assertEquals(FRAMES, gif.getNumImages(true));
            IIOMetadataNode tree = (IIOMetadataNode) gif.getImageMetadata(FRAMES - 1)
                    .getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode control = (IIOMetadataNode) tree.getElementsByTagName("GraphicControlExtension").item(0);
            assertEquals(String.valueOf(AnimatedGif.delay(FRAMES - 1, FPS)), control.getAttribute("delayTime"));
            IIOMetadataNode loop = (IIOMetadataNode) tree.getElementsByTagName("ApplicationExtension").item(0);
            assertEquals("NETSCAPE", loop.getAttribute("applicationID"));
            assertArrayEquals(new byte[] {1, 0, 0}, (byte[]) loop.getUserObject(), "loops forever");
        } finally {
            gif.dispose();
        }
        assertEquals(List.of(out), listing(dir, "styled"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp4", "mkv", "webm"})
    void copiesTheSoundOfTheSourceCutToTheClip(String extension) throws Exception {
        Path source = TestClips.mp4(dir, "source.mp4", true);
        // Half the source's frames: the sound must stop with the last of them.
        List<Path> frames = TestClips.pngFrames(dir.resolve("painted"), FRAMES / 2, WIDTH, HEIGHT);
        Path out = dir.resolve("styled." + extension);
        ClipWriter.writeVideo(frames, FPS, source, out);

        double clipSeconds = FRAMES / 2 / FPS;
        TestClips.Probe probe = TestClips.probe(out);
        assertEquals(FRAMES / 2, probe.decodedFrames());
        assertEquals(1, probe.audioChannels());
        assertEquals(extension.equals("webm") ? "opus" : "aac", probe.audioCodec());
        assertEquals(clipSeconds, TestClips.soundSeconds(out), 0.1, "seconds of sound");
        // What players show as the length (Matroska's was a second too long before the repair).
        assertEquals(clipSeconds, probe.seconds(), 0.1, "stated length");
        try (ClipReader reader = ClipReader.open(out)) {
            assertEquals(FRAMES / 2, reader.frameCount());
        }
        assertEquals(List.of(out), listing(dir, "styled"));
    }

    @Test
    void writesNoSoundFromASoundlessSourceOrAFolder() throws Exception {
        Path silent = TestClips.mp4(dir, "silent.mp4", false);
        List<Path> frames = TestClips.pngFrames(dir.resolve("painted"), 3, WIDTH, HEIGHT);
        ClipWriter.writeVideo(frames, FPS, silent, dir.resolve("a.mp4"));
        ClipWriter.writeVideo(frames, FPS, dir.resolve("painted"), dir.resolve("b.mp4"));
        assertEquals(0, TestClips.probe(dir.resolve("a.mp4")).audioChannels());
        assertEquals(0, TestClips.probe(dir.resolve("b.mp4")).audioChannels());
    }

    @Test
    void cropsOddSizesToEven() throws Exception {
        List<Path> frames = TestClips.pngFrames(dir.resolve("painted"), 2, 33, 25);
        Path out = dir.resolve("odd.mp4");
        ClipWriter.writeVideo(frames, 7.5, null, out);
        try (ClipReader reader = ClipReader.open(out)) {
            assertEquals(32, reader.width());
            assertEquals(24, reader.height());
            assertEquals(7.5, reader.frameRate(), 1e-6);
            assertEquals(2, reader.frameCount());
        }
    }

    @Test
    void writesAFolderOfNumberedFramesAndReplacesAnEarlierClip() throws Exception {
        Path out = dir.resolve("out");
        ClipWriter.writeFolder(TestClips.pngFrames(dir.resolve("long"), 3, 8, 6), out);
        assertEquals(List.of("frame-00001.png", "frame-00002.png", "frame-00003.png"), names(out));

        List<Path> frames = TestClips.pngFrames(dir.resolve("short"), 2, 8, 6);
        ClipWriter.writeFolder(frames, out);
        assertEquals(List.of("frame-00001.png", "frame-00002.png"), names(out));
        assertArrayEquals(Files.readAllBytes(frames.get(1)), Files.readAllBytes(out.resolve("frame-00002.png")));
        try (ClipReader reader = ClipReader.open(out)) {
            assertEquals(2, reader.frameCount());
        }
    }

    @Test
    void refusesToWriteFramesIntoAFolderWithOtherThings() throws Exception {
        Path out = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "keep me");
        List<Path> frames = TestClips.pngFrames(dir.resolve("painted"), 2, 8, 6);
        VideoException e = assertThrows(VideoException.class, () -> ClipWriter.writeFolder(frames, out));
        assertMentions(e, out);
        assertEquals(List.of("notes.txt"), names(out));
    }

    @Test
    void refusesInputsItCannotRead() throws Exception {
        Path missing = dir.resolve("missing.mp4");
        assertRefused(missing, missing);

        Path text = dir.resolve("text.mp4");
        Files.writeString(text, "this is not a video, only some text saved with the wrong name\n".repeat(20));
        assertRefused(text, text);

        Path sound = TestClips.soundOnly(dir, "sound.m4a");
        assertRefused(sound, sound);

        Path exotic = TestClips.unknownCodec(dir, "exotic.avi");
        assertRefused(exotic, exotic);

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertRefused(empty, empty);

        Path unnumbered = Files.createDirectories(dir.resolve("unnumbered"));
        ImageWriter.writePng(Image.filled(8, 6, 0.5f), unnumbered.resolve("cover.png"), Map.of());
        assertRefused(unnumbered, unnumbered);
    }

    @Test
    void refusesAFolderFrameOfAnotherSizeWhenItComesToIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("frames"));
        ImageWriter.writePng(Image.filled(8, 6, 0.5f), folder.resolve("f1.png"), Map.of());
        ImageWriter.writePng(Image.filled(6, 8, 0.5f), folder.resolve("f2.png"), Map.of());
        try (ClipReader reader = ClipReader.open(folder)) {
            assertNotNull(reader.next());
            VideoException e = assertThrows(VideoException.class, reader::next);
            assertMentions(e, folder.resolve("f2.png"));
        }
    }

    /**
     * An mp4 cut short (its index at the front, as we and most phones write it, the frames' data cut)
     * opens, announces all its frames and decodes fewer: the survey tells it from a whole one.
     */
    @Test
    void surveyFindsAClipCutShort() throws Exception {
        Path whole = dir.resolve("whole.mp4");
        ClipWriter.writeVideo(TestClips.pngFrames(dir.resolve("frames"), FRAMES, WIDTH, HEIGHT), FPS, null, whole);
        ClipReader.Survey full = ClipReader.survey(whole);
        assertEquals(FRAMES, full.decoded());
        assertFalse(full.cutShort());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length * 2 / 5));
        ClipReader.Survey survey = ClipReader.survey(cut);
        assertTrue(survey.cutShort() && survey.decoded() < FRAMES && survey.announced() == FRAMES,
                survey.toString());
    }

    /**
     * The flicker: a painting that holds still, its frames differing by faint noise as painted
     * frames do, flickered three times as much as a GIF (consecutive frames 1.6 levels of 255 apart as
     * PNGs, 5.0 as the GIF): each frame had its own 256 colours, so a still stroke changed colour from
     * frame to frame. One palette and a dither that is fixed per position add next to nothing.
     */
    @Test
    void aStillPaintingsGifHasOnePaletteAndFlickersNoMoreThanItsFrames() throws Exception {
        List<Path> frames = TestClips.stillPainting(dir.resolve("still"), 8, 96, 72, 2);
        List<Image> png = new java.util.ArrayList<>();
        for (Path f : frames) {
            png.add(ClipWriter.readFrame(f));
        }
        Path out = dir.resolve("still.gif");
        ClipWriter.writeVideo(frames, FPS, null, out);

        List<Image> gif = TestClips.readGif(out);
        assertEquals(frames.size(), gif.size());
        double pngFlicker = TestClips.meanDifference(png);
        double gifFlicker = TestClips.meanDifference(gif);
        assertTrue(gifFlicker <= pngFlicker + 0.5, "consecutive frames differ by " + gifFlicker
                + " levels of 255 in the GIF, " + pngFlicker + " as PNGs");
        for (int i = 0; i < gif.size(); i++) {
            assertTrue(TestClips.colourError(png.get(i), gif.get(i)) < 12, "frame " + i);
        }
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(out.toFile())) {
            reader.setInput(in);
            IIOMetadataNode stream = (IIOMetadataNode) reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0");
            assertEquals(1, stream.getElementsByTagName("GlobalColorTable").getLength(), "a global colour table");
            for (int i = 0; i < frames.size(); i++) {
                IIOMetadataNode image = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                assertEquals(0, image.getElementsByTagName("LocalColorTable").getLength(),
                        "frame " + i + " has a colour table of its own");
            }
        } finally {
            reader.dispose();
        }
    }

    /** The palette comes from every frame: a colour only the last frame has is in it, not lost to the first's. */
    @Test
    void aGifsPaletteHasTheColoursOfEveryFrame() throws Exception {
        List<Path> frames = TestClips.stillPainting(dir.resolve("still"), 4, 64, 48, 0);
        Image last = ClipWriter.readFrame(frames.get(3));
        for (int y = 10; y < 30; y++) {
            for (int x = 10; x < 30; x++) {
                last.data()[y * 64 + x] = 1f;
                last.data()[64 * 48 + y * 64 + x] = 0f;
                last.data()[2 * 64 * 48 + y * 64 + x] = 0.1f;
            }
        }
        ImageWriter.writePng(last, frames.get(3), Map.of());
        Path out = dir.resolve("late.gif");
        ClipWriter.writeVideo(frames, FPS, null, out);
        Image decoded = TestClips.readGif(out).get(3);
        float[] expected = {1f, 0f, 0.1f};
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (int y = 10; y < 30; y++) {
                for (int x = 10; x < 30; x++) {
                    mean += decoded.get(c, y, x) / 400;
                }
            }
            assertEquals(expected[c], mean, 3 / 255.0, "channel " + c + " of the last frame's red square");
        }
    }

    /**
     * {@code --video-quality}: on the same frames each level down is clearly smaller (at least 15%); the
     * default is high, the encoding (and so the size) the writer made before the option, whose sizes for
     * these frames are {@link #SIZE_BEFORE_THE_OPTION}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mp4", "webm"})
    void videoQualityLevelsGiveClearlyDifferentSizesAndTheDefaultIsAsBefore(String extension) throws Exception {
        List<Path> frames = TestClips.panningPainting(dir.resolve("pan"), FRAMES, 128, 96);
        Map<VideoQuality, Long> size = new java.util.EnumMap<>(VideoQuality.class);
        for (VideoQuality q : VideoQuality.values()) {
            Path out = dir.resolve(q + "." + extension);
            ClipWriter.writeVideo(frames, FPS, null, out, q);
            size.put(q, Files.size(out));
        }
        assertTrue(size.get(VideoQuality.MEDIUM) < 0.85 * size.get(VideoQuality.HIGH), size.toString());
        assertTrue(size.get(VideoQuality.SMALL) < 0.85 * size.get(VideoQuality.MEDIUM), size.toString());
        Path byDefault = dir.resolve("default." + extension);
        ClipWriter.writeVideo(frames, FPS, null, byDefault);
        // The same encoding (WebM's header has random track and segment ids, so only the size is the same).
        assertEquals(size.get(VideoQuality.HIGH), Files.size(byDefault), "the default is high");
        assertEquals(SIZE_BEFORE_THE_OPTION.get(extension), Files.size(byDefault), "bytes, as before the option");
    }

    @Test
    void aVideoQualityIsOneOfThreeNamesAndAnyOtherIsRefusedInOneLine() {
        assertEquals(VideoQuality.MEDIUM, VideoQuality.parse("Medium"));
        assertEquals(VideoQuality.HIGH, VideoSettings.defaults().quality());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoQuality.parse("best"));
        assertEquals("--video-quality must be high, medium or small, got 'best'", e.getMessage());
    }

    /** 8 fps is 12.5 cs a frame, which GIF cannot hold: 13 and 12 alternate, so it plays at 8 fps, not 7.7. */
    @Test
    void gifDelaysAddUpToTheClipsLength() {
        int total = 0;
        for (int i = 0; i < 8; i++) {
            total += AnimatedGif.delay(i, 8);
        }
        assertEquals(100, total, "8 frames at 8 fps last one second");
        assertEquals(List.of(13, 12), List.of(AnimatedGif.delay(0, 8), AnimatedGif.delay(1, 8)));
        assertEquals(4, AnimatedGif.delay(5, 25));
    }

    /** A folder named with dots is a folder; a video type we do not write is still refused, not made a folder. */
    @Test
    void folderNamesWithDotsAreFolders() {
        assertTrue(ClipWriter.isFolder(dir.resolve("my.clip.v2")));
        assertTrue(ClipWriter.isFolder(dir.resolve("painted")));
        assertFalse(ClipWriter.isFolder(dir.resolve("painted.MP4")));
        assertFalse(ClipWriter.isFolder(dir.resolve("painted.gif")));
        assertFalse(ClipWriter.isFolder(dir.resolve("painted.avi")));
        assertThrows(VideoException.class, () -> ClipWriter.checkVideoName(dir.resolve("painted.avi")));
    }

    /** FFmpeg's own log ("moov atom not found" for a cut-short mp4) stays off the terminal: our one line says it. */
    @Test
    void ffmpegsOwnLogIsOff() throws Exception {
        Path cut = Files.write(dir.resolve("cut.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'});
        assertThrows(VideoException.class, () -> ClipReader.open(cut));
        assertEquals(org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET, org.bytedeco.ffmpeg.global.avutil.av_log_get_level());
    }

    @Test
    void aFailedVideoLeavesNoFileBehind() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        List<Path> frames = TestClips.pngFrames(dir.resolve("painted"), 4, WIDTH, HEIGHT);

        VideoException unknown = assertThrows(VideoException.class,
                () -> ClipWriter.writeVideo(frames, FPS, null, out.resolve("clip.avi")));
        assertMentions(unknown, out.resolve("clip.avi"));
        assertTrue(unknown.getMessage().contains(".mp4") && unknown.getMessage().contains(".webm"), unknown.getMessage());

        // A frame of another size in the middle: encoding has begun when it fails.
        ImageWriter.writePng(TestClips.frame(2, WIDTH + 2, HEIGHT), frames.get(2), Map.of());
        VideoException mixed = assertThrows(VideoException.class,
                () -> ClipWriter.writeVideo(frames, FPS, null, out.resolve("clip.mp4")));
        assertMentions(mixed, frames.get(2));
        VideoException mixedGif = assertThrows(VideoException.class,
                () -> ClipWriter.writeVideo(frames, FPS, null, out.resolve("clip.gif")));
        assertMentions(mixedGif, frames.get(2));

        assertThrows(VideoException.class, () -> ClipWriter.writeVideo(frames, 0, null, out.resolve("clip.mp4")));
        assertThrows(VideoException.class, () -> ClipWriter.writeVideo(frames, FPS, null, dir.resolve("nowhere/clip.mp4")));
        assertEquals(List.of(), names(out));
        assertFalse(Files.exists(dir.resolve("nowhere")));
    }

    @Test
    void aFailedVideoLeavesAnEarlierOutputAsItWas() throws Exception {
        Path out = dir.resolve("clip.mp4");
        Files.writeString(out, "earlier");
        List<Path> frames = TestClips.pngFrames(dir.resolve("painted"), 2, WIDTH, HEIGHT);
        ImageWriter.writePng(TestClips.frame(1, 8, 8), frames.get(1), Map.of());
        assertThrows(VideoException.class, () -> ClipWriter.writeVideo(frames, FPS, null, out));
        assertEquals("earlier", Files.readString(out));
        assertEquals(List.of("clip.mp4", "painted"), names(dir));
    }

    /** The reader gives {@link TestClips#frame} 0 to FRAMES-1, each within 0.03 mean error, and then no more. */
    private static void assertReadsBackTheTestFrames(ClipReader reader) {
        for (int i = 0; i < FRAMES; i++) {
            Image frame = reader.next();
            assertNotNull(frame, "frame " + i);
            double error = TestClips.meanAbsError(TestClips.frame(i), frame);
            assertTrue(error < 0.03, "frame " + i + " differs by " + error);
        }
        assertNull(reader.next());
    }

    private static void assertRefused(Path input, Path named) {
        VideoException e = assertThrows(VideoException.class, () -> ClipReader.open(input).close(), input.toString());
        assertMentions(e, named);
    }

    private static void assertMentions(VideoException e, Path file) {
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), message);
        assertFalse(message.contains("\n"), message);
    }

    /** Every name in {@code folder}, hidden ones included, sorted. */
    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> listing(Path folder, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().contains(prefix)).sorted().toList();
        }
    }
}
