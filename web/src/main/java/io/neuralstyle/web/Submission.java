package io.neuralstyle.web;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageException;
import io.neuralstyle.image.ImageReader;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Init;
import io.neuralstyle.transfer.RunPlan;
import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.SettingsException;
import io.neuralstyle.transfer.SettingsFile;
import io.neuralstyle.transfer.StyleImage;
import io.neuralstyle.transfer.StyleTransfer;
import io.neuralstyle.transfer.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A new job from a multipart request: the photo ({@code content}), the paintings ({@code style},
 * repeatable), their masks ({@code mask}, none or one per painting) and {@code settings}, a JSON
 * object with the settings file's keys. Everything is checked before anything is kept: each file's
 * size, its type and pixel count as the image reader judges them (never by its name or the
 * Content-Type the client sent), the settings, and the run's plan (memory). A refused submission
 * leaves nothing behind. Files are stored under server-made names only.
 */
final class Submission {
    /** The most bytes one uploaded file may have. */
    static final long MAX_FILE_BYTES = 30L << 20;
    /** Settings the server decides for every job: set them when starting the server. */
    private static final Set<String> SERVER_SETTINGS = Set.of(SettingKey.THREADS.key(), SettingKey.MAX_MEMORY.key());

    private final Path jobsDir;
    private final Weights weights;
    private final Map<String, String> serverSettings;

    /** @param serverSettings the settings given when the server started (network options): each job's defaults */
    Submission(Path jobsDir, Weights weights, Map<String, String> serverSettings) {
        this.jobsDir = jobsDir;
        this.weights = weights;
        this.serverSettings = serverSettings;
    }

    /** What a checked submission holds: its id (its folder is in place), settings and plan. */
    record Accepted(String id, Settings settings, int styles, int masks, RunPlan plan) {
    }

    Accepted accept(Context ctx) {
        Map<String, List<UploadedFile>> uploads;
        try {
            uploads = ctx.uploadedFileMap();
        } catch (RuntimeException e) {
            throw new ApiException(413, "the upload could not be read: each file may have at most "
                    + (MAX_FILE_BYTES >> 20) + " MB; send the images as multipart/form-data fields content, style"
                    + " and mask");
        }
        List<UploadedFile> content = uploads.getOrDefault("content", List.of());
        List<UploadedFile> styles = uploads.getOrDefault("style", List.of());
        List<UploadedFile> masks = uploads.getOrDefault("mask", List.of());
        if (content.size() != 1) {
            throw ApiException.badRequest(content.isEmpty() ? "no photo: add one image as the field content"
                    : "one photo per job: send one content field, not " + content.size());
        }
        if (styles.isEmpty()) {
            throw ApiException.badRequest("no painting: add at least one image as the field style");
        }
        if (!masks.isEmpty() && masks.size() != styles.size()) {
            throw ApiException.badRequest(masks.size() + " masks for " + styles.size() + " paintings: give one mask"
                    + " per painting, in the same order, or none");
        }
        for (UploadedFile f : concat(content, styles, masks)) {
            if (f.size() > MAX_FILE_BYTES) {
                throw new ApiException(413, "a file has " + (f.size() >> 20) + " MB; at most " + (MAX_FILE_BYTES >> 20)
                        + " MB are accepted: make the image smaller (its long side need not exceed a few thousand"
                        + " pixels)");
            }
        }
        Settings settings = settings(ctx.formParam("settings"), styles.size(), masks.size());

        String id = UUID.randomUUID().toString();
        Path incoming = jobsDir.resolve(".incoming-" + id);
        JobFiles files = new JobFiles(incoming);
        try {
            Files.createDirectories(incoming);
            Image photo = store(content.get(0), files.content(), "the photo (content)");
            List<StyleImage> paintings = new ArrayList<>();
            for (int i = 0; i < styles.size(); i++) {
                String which = styles.size() == 1 ? "the painting (style)" : "painting " + (i + 1) + " (style)";
                Image painting = store(styles.get(i), files.style(i), which);
                paintings.add(masks.isEmpty() ? StyleImage.of(painting) : StyleImage.masked(painting,
                        store(masks.get(i), files.mask(i), "mask " + (i + 1) + " (mask)")));
            }
            RunPlan plan;
            try {
                plan = StyleTransfer.builder().weights(weights).settings(settings).build().plan(photo, paintings);
            } catch (TransferException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            Files.move(incoming, jobsDir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            return new Accepted(id, settings, styles.size(), masks.size(), plan);
        } catch (IOException e) {
            throw new StudioException("cannot store the upload (" + e.getMessage() + "): check the disk of the"
                    + " --data folder", e);
        } finally {
            deleteTree(incoming);
        }
    }

    /** The job's settings: the server's, then the client's; each checked as a settings file's would be. */
    private Settings settings(String json, int styles, int masks) {
        Map<String, String> given;
        try {
            given = json == null || json.isBlank() ? Map.of() : SettingsFile.parse(json, "settings");
        } catch (IOException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (SettingsException e) {
            throw ApiException.badRequest(e.message(key -> key));
        }
        for (String key : given.keySet()) {
            if (SERVER_SETTINGS.contains(key)) {
                throw ApiException.badRequest(key + " is set for every job when the server starts"
                        + " (neural-style serve --" + key + "): leave it out of settings");
            }
        }
        Settings settings;
        try {
            settings = Settings.builder().set(serverSettings).set(given).build();
        } catch (SettingsException e) {
            throw ApiException.badRequest(e.message(key -> key));
        }
        if (settings.init() == Init.IMAGE) {
            throw ApiException.badRequest("init: the studio starts from noise or the photo; use init noise or"
                    + " content");
        }
        List<Double> blend = settings.styleBlend();
        if (!blend.isEmpty() && masks > 0) {
            throw ApiException.badRequest("style-blend does not apply with masks, where each mask's region takes its"
                    + " own painting: drop it");
        }
        if (!blend.isEmpty() && blend.size() != styles) {
            throw ApiException.badRequest("style-blend: " + blend.size() + " weights for " + styles
                    + " paintings: give one weight per painting");
        }
        return settings;
    }

    /** Saves an upload under the server's name and reads it as the run will, or says what is wrong with it. */
    private static Image store(UploadedFile upload, Path file, String what) throws IOException {
        try (InputStream in = upload.content(); OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
        try {
            return ImageReader.read(file, ImageReader.DEFAULT_MAX_PIXELS);
        } catch (ImageException e) {
            // The reader names the file: here that is the server's, which the client never chose.
            throw ApiException.badRequest(e.getMessage().replace(file.toString(), what));
        }
    }

    private static List<UploadedFile> concat(List<UploadedFile> a, List<UploadedFile> b, List<UploadedFile> c) {
        List<UploadedFile> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Best effort: a leftover folder under jobs/ holds no job and is never listed.
        }
    }
}
