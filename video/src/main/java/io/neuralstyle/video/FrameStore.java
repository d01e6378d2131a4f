package io.neuralstyle.video;

import io.neuralstyle.files.AtomicFile;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.transfer.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The painted frames of a video run, one PNG each in a work folder, with the run's fingerprint: the
 * run's checkpoint. A frame's file appears whole (written atomically) once the frame is done, so a
 * run killed at any moment loses at most the frame it was painting, and a later run of the same
 * clip and settings takes up at the first frame without a file.
 */
final class FrameStore {
    static final String FINGERPRINT_FILE = "run.txt";
    private final Path folder;

    private FrameStore(Path folder) {
        this.folder = folder;
    }

    /**
     * The store in {@code folder}, made if missing; one that holds the frames of another run (another
     * clip, styles, weights or a setting that changes the result) is refused, naming what differs.
     */
    static FrameStore open(Path folder, Fingerprint fingerprint) {
        Path file = folder.resolve(FINGERPRINT_FILE);
        try {
            Files.createDirectories(folder);
            if (Files.exists(file)) {
                Fingerprint before = parse(Files.readString(file, StandardCharsets.UTF_8));
                List<Fingerprint.Difference> differences = fingerprint.differences(before);
                if (!differences.isEmpty()) {
                    throw new VideoException("the work folder " + folder + " holds the frames of another run ("
                            + describe(differences) + "): run with the settings it was made with to go on, delete"
                            + " it to start over, or give another folder with --work");
                }
            } else {
                try (Stream<Path> entries = Files.list(folder)) {
                    if (entries.findAny().isPresent()) {
                        throw new VideoException("the work folder " + folder + " is not empty and not one of ours:"
                                + " give an empty or new folder with --work");
                    }
                }
                AtomicFile.write(file, out -> out.write(text(fingerprint).getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new VideoException("cannot use the work folder " + folder + " (" + e.getMessage()
                    + "): check that it can be written, or give another one with --work", e);
        }
        return new FrameStore(folder);
    }

    /** The differences in words, "here" being this run and "there" the work folder's; the first few. */
    private static String describe(List<Fingerprint.Difference> differences) {
        List<String> words = new ArrayList<>();
        for (Fingerprint.Difference d : differences.subList(0, Math.min(4, differences.size()))) {
            words.add(d.name().equals(VideoTransfer.CLIP) ? "another clip (its content differs)"
                    : d.toString().replace(" here, ", " now, ").replace(" there", " in the folder"));
        }
        if (differences.size() > 4) {
            words.add((differences.size() - 4) + " more");
        }
        return String.join("; ", words);
    }

    /** One {@code name=value} line per value. */
    private static String text(Fingerprint fingerprint) {
        StringBuilder out = new StringBuilder();
        fingerprint.values().forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
        return out.toString();
    }

    private static Fingerprint parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Fingerprint(values);
    }

    Path folder() {
        return folder;
    }

    /** Frame k's file, k from 1. */
    Path frame(int k) {
        return folder.resolve(String.format(Locale.ROOT, "frame-%05d.png", k));
    }

    /** How many frames from the first are done. */
    int done() {
        int k = 0;
        while (Files.exists(frame(k + 1))) {
            k++;
        }
        return k;
    }

    void write(int k, Image painted, Map<String, String> text) {
        ImageWriter.writePng(painted, frame(k), text);
    }

    /** Frame k as written: 8 bits per channel, so a resumed run goes on from exactly what it left. */
    Image read(int k) {
        return ImageReader.read(frame(k));
    }

    List<Path> frames(int count) {
        List<Path> out = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            out.add(frame(k));
        }
        return out;
    }

    /** Removes the folder and everything in it, once the clip is written. */
    void delete() {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the work folder " + folder, e);
        }
    }
}
