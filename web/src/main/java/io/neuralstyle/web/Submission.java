package io.neuralstyle.web;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.neuralstyle.image.Image;
import io.neuralstyle.image.ImageSize;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.image.Resize;
import io.neuralstyle.transfer.Init;
import io.neuralstyle.transfer.RunPlan;
import io.neuralstyle.transfer.SettingKey;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.SettingsException;
import io.neuralstyle.transfer.SettingsFile;
import io.neuralstyle.transfer.StyleInputException;
import io.neuralstyle.transfer.StyleInputs;
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
 * size, its type, pixel count and every byte of its data as the image reader judges them (never by
 * its name or the Content-Type the client sent; decoded under {@link UploadDecoder}'s budget), the
 * settings, and the run's plan (memory) and cost ({@link JobLimits}). A refused submission leaves
 * nothing behind. Files are stored under server-made names only.
 */
final class Submission {
    /** The most bytes one uploaded file may have. */
    static final long MAX_FILE_BYTES = 30L << 20;
    /** The most bytes one submission may have, all its files together. */
    static final long MAX_REQUEST_BYTES = 80L << 20;
    /** The most of an over-size body read (and dropped) so that its client hears the 413. */
    private static final long DRAINED_BYTES = 256L << 20;
    /** Settings the server decides for every job: set them when starting the server. */
    private static final Set<String> SERVER_SETTINGS = Set.of(SettingKey.THREADS.key(), SettingKey.MAX_MEMORY.key());

    private final Path jobsDir;
    private final Map<String, String> serverSettings;
    private final JobLimits limits;
    private final UploadDecoder decoder;

    /** @param serverSettings the settings given when the server started (network options): each job's defaults */
    Submission(Path jobsDir, Map<String, String> serverSettings, JobLimits limits,
            UploadDecoder decoder) {
        this.jobsDir = jobsDir;
        this.serverSettings = serverSettings;
        this.limits = limits;
        this.decoder = decoder;
    }

    /** What a checked submission holds: its id (its folder is in place), settings and plan. */
    record Accepted(String id, Settings settings, int styles, int masks, RunPlan plan) {
    }

    Accepted accept(Context ctx) {
        Map<String, List<UploadedFile>> uploads;
        if (ctx.contentLength() > MAX_REQUEST_BYTES) {
            throw tooLarge(); // refused from its header: nothing of the body is kept
        }
        try {
            uploads = ctx.uploadedFileMap();
        } catch (Exception e) { // Jetty's multipart parser throws ServletException, undeclared
            if (overLimit(e)) {
                throw tooLarge();
            }
            throw ApiException.badRequest("the upload could not be read as a form: send the images as"
                    + " multipart/form-data fields content, style and mask");
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
        for (UploadedFile f : concat(content, styles, masks)) {
            if (f.size() > MAX_FILE_BYTES) {
                throw new ApiException(413, "a file has " + (f.size() >> 20) + " MB; at most " + (MAX_FILE_BYTES >> 20)
                        + " MB are accepted: make the image smaller (its long side need not exceed a few thousand"
                        + " pixels)");
            }
        }
        return create(content.get(0)::content, styles.stream().<Source>map(f -> f::content).toList(),
                masks.stream().<Source>map(f -> f::content).toList(), ctx.formParam("settings"));
    }

    /**
     * A new job with the photo, paintings and masks of an earlier one (its files are copied, so that
     * deleting either job leaves the other whole) and the given settings, checked as a new upload is.
     */
    Accepted again(JobFiles earlier, int styles, int masks, String settingsJson) {
        List<Source> paintings = new ArrayList<>();
        List<Source> maskFiles = new ArrayList<>();
        for (int i = 0; i < styles; i++) {
            Path style = earlier.style(i);
            paintings.add(() -> Files.newInputStream(style));
            if (masks > 0) {
                Path mask = earlier.mask(i);
                maskFiles.add(() -> Files.newInputStream(mask));
            }
        }
        return create(() -> Files.newInputStream(earlier.content()), paintings, maskFiles, settingsJson);
    }

    /**
     * What of a job's settings a new job with its pictures takes: all but those the server sets for
     * every job, and those worked out for its size, quality or this machine (carried over, a 512 px
     * job's schedule would pin a 1024 px one's).
     */
    static Map<String, String> carriedOver(Map<String, String> all) {
        Map<String, String> own = new java.util.LinkedHashMap<>(SettingsFile.withoutWorkedOut(all));
        own.keySet().removeAll(SERVER_SETTINGS);
        return own;
    }

    /** Where one image of a new job comes from: an upload, or a file of an earlier job. */
    private interface Source {
        InputStream open() throws IOException;
    }

    private Accepted create(Source content, List<Source> styles, List<Source> masks, String settingsJson) {
        limits.checkPaintings(styles.size());
        Settings settings = settings(settingsJson, styles.size(), masks.size());
        String id = UUID.randomUUID().toString();
        Path incoming = jobsDir.resolve(".incoming-" + id);
        JobFiles files = new JobFiles(incoming);
        try {
            Files.createDirectories(incoming);
            // The files first, then all their pixels are counted and taken from the decode budget at once.
            // Each image is kept at the size the page shows it: the photo at the result's, the others small.
            List<Path> paths = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Integer> sides = new ArrayList<>();
            save(content, files.content(), "the photo (content)", settings.size(), paths, names, sides);
            for (int i = 0; i < styles.size(); i++) {
                save(styles.get(i), files.style(i), styles.size() == 1 ? "the painting (style)"
                        : "painting " + (i + 1) + " (style)", JobRun.THUMBNAIL_SIDE, paths, names, sides);
                if (!masks.isEmpty()) {
                    save(masks.get(i), files.mask(i), "mask " + (i + 1) + " (mask)", JobRun.THUMBNAIL_SIDE, paths,
                            names, sides);
                }
            }
            try (UploadDecoder.Lease lease = decoder.lease(paths, names, sides)) {
                List<Image> images = lease.decodeAll();
                Image photo = images.get(0);
                int step = masks.isEmpty() ? 1 : 2;
                List<Image> paintings = new ArrayList<>();
                for (int i = 0; i < styles.size(); i++) {
                    paintings.add(images.get(1 + step * i));
                }
                ImageSize shape = lease.sizes().get(0);
                RunPlan plan;
                try {
                    plan = RunPlan.of(settings, shape.width(), shape.height());
                } catch (TransferException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
                limits.checkPlan(plan, settings);
                JobRun.writeThumbnail(photo, files.inputThumbnail("content"));
                for (int i = 0; i < paintings.size(); i++) {
                    JobRun.writeThumbnail(paintings.get(i), files.inputThumbnail("style-" + i));
                }
                // The photo at the result's size, for the page's before/after view.
                ImageWriter.writePng(Resize.to(photo, plan.last().width(), plan.last().height()),
                        files.inputThumbnail("photo"), Map.of());
                Files.move(incoming, jobsDir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
                return new Accepted(id, settings, styles.size(), masks.size(), plan);
            }
        } catch (IOException e) {
            throw new StudioException("cannot store the upload (" + e.getMessage() + "): check the disk of the"
                    + " --data folder", e);
        } finally {
            deleteTree(incoming);
        }
    }

    /** Saves one image under the server's name, to be read at least {@code side} pixels on its long side. */
    private static void save(Source source, Path file, String name, int side, List<Path> paths, List<String> names,
            List<Integer> sides) throws IOException {
        try (InputStream in = source.open(); OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
        paths.add(file);
        names.add(name);
        sides.add(side);
    }

    /** The job's settings: the server's, then the client's; each checked as a settings file's would be. */
    private Settings settings(String json, int styles, int masks) {
        Settings settings = settings(given(json));
        try {
            StyleInputs.check(styles, masks, settings);
        } catch (StyleInputException e) {
            throw worded(e);
        } catch (SettingsException e) {
            throw ApiException.badRequest(e.message(key -> key));
        }
        return settings;
    }

    /** The core's refusal in the form's words: its fields content, style and mask, its settings by key. */
    private static ApiException worded(StyleInputException e) {
        return ApiException.badRequest(switch (e.kind()) {
            case MASK_COUNT -> e.masks() + " masks for " + e.styles() + " paintings: give one mask per painting,"
                    + " in the same order, or none";
            case BLEND_WITH_MASKS -> "style-blend does not apply with masks, where each mask's region takes its own"
                    + " painting: drop it";
            case BLEND_COUNT -> "style-blend: " + e.blendWeights() + " weights for " + e.styles() + " paintings: give"
                    + " one weight per painting";
        });
    }

    /** The settings a client sent, as JSON: by key, none of those the server sets. */
    static Map<String, String> given(String json) {
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
        return given;
    }

    /** The server's settings, then {@code given}, checked as a job's are, blends aside. */
    Settings settings(Map<String, String> given) {
        Settings settings;
        try {
            settings = Settings.builder().set(serverSettings).set(given).build();
        } catch (SettingsException e) {
            throw ApiException.badRequest(e.message(key -> key));
        }
        limits.checkSettings(settings);
        if (settings.init() instanceof Init.FromImage) {
            throw ApiException.badRequest("init: the studio starts from noise or the photo; use init noise or"
                    + " content");
        }
        return settings;
    }

    /** The 413 for a body over the limits; what the client is still sending is drained by the handler. */
    private static ApiException tooLarge() {
        return new ApiException(413, "the upload is too large: each file may have at most " + (MAX_FILE_BYTES >> 20)
                + " MB and all files together " + (MAX_REQUEST_BYTES >> 20) + " MB; make the images smaller (their"
                + " long side need not exceed a few thousand pixels)");
    }

    /**
     * Reads and drops what is left of a request's body (up to a bound), so that the answer to a
     * refused upload reaches a client that is still sending, on a connection it may reuse.
     */
    static void drain(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] sink = new byte[1 << 16];
            long left = DRAINED_BYTES;
            for (int n = in.read(sink); n > 0 && left > 0; n = in.read(sink)) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // The client went away, or the parser has the stream: the answer is sent all the same.
        }
    }

    /** Whether the multipart parser gave up because a part or the whole request was over its limit. */
    private static boolean overLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (m.contains("exceed") || m.contains("max") || m.contains("too large") || m.contains("limit")) {
                return true;
            }
        }
        return false;
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
