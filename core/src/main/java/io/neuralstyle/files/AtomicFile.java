package io.neuralstyle.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: the content goes to a hidden temporary file next to the target, which
 * is renamed over it only when complete. A crash, a full disk or an interrupted run therefore leaves
 * either the old file or the new one, never a truncated image that looks like a result.
 */
public final class AtomicFile {
    /** Writes the whole content; the stream is closed by {@link AtomicFile}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int NAME_ATTEMPTS = 100;
    /** The temporary files this process is writing now. */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private AtomicFile() {
    }

    /**
     * Writes {@code target} from {@code content}. On any failure, including one thrown by
     * {@code content}, the temporary file is deleted and {@code target} is left as it was.
     */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = createTemp(target).toAbsolutePath().normalize();
        WRITING.add(tmp);
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    FileLock live = channel.lock()) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                // On disk before the rename, or a power cut could leave the new name on an empty file.
                channel.force(true);
                // Renamed while still locked, so that no other process's removeLeftovers takes it for a
                // dead writer's in between.
                move(tmp, target);
            }
            done = true;
        } finally {
            WRITING.remove(tmp);
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is what the user needs to hear about
                }
            }
        }
    }

    /**
     * Deletes the temporary files a writer of {@code target} left when it was killed mid-write (a
     * power cut, SIGKILL). A temporary file that a live {@link #write} holds is locked, and left alone:
     * the operating system drops that lock when its process dies, however it dies.
     */
    public static void removeLeftovers(Path target) throws IOException {
        String prefix = tempPrefix(target);
        try (var leftovers = Files.newDirectoryStream(target.toAbsolutePath().getParent(),
                p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : leftovers) {
                if (!WRITING.contains(p.toAbsolutePath().normalize()) && !locked(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Whether another process holds a lock on {@code file}. Never asked of a file this process writes
     * ({@link #WRITING}): closing the channel opened here to ask would drop this process's own lock.
     */
    private static boolean locked(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false; // gone already, or not ours to open: deleting it fails the same way
        }
    }

    /**
     * For a writer that needs a file name, not a stream (FFmpeg): a new empty temporary file next to
     * {@code target}, named so that {@link #removeLeftovers} finds it and ending in {@code extension}
     * (without the dot). Write it, then {@link #replace} the target with it, or delete it.
     */
    public static Path createTemp(Path target, String extension) throws IOException {
        return createTempNamed(target, "." + extension);
    }

    /** Puts the finished temporary file {@code tmp} on disk and renames it over {@code target}. */
    public static void replace(Path tmp, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        move(tmp, target);
    }

    private static Path createTemp(Path target) throws IOException {
        return createTempNamed(target, "");
    }

    /** Temp name ".name.tmp-<random><suffix>" in the target's folder: the rename stays on one file system. */
    private static Path createTempNamed(Path target, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[6];
            ThreadLocalRandom.current().nextBytes(random);
            Path tmp = dir.resolve(tempPrefix(target) + HexFormat.of().formatHex(random) + suffix);
            try {
                // Not Files.createTempFile: its owner-only permissions would carry over to the result.
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some network and FUSE file systems cannot rename atomically; a plain replace is the best left.
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** What every temporary name of {@code target} starts with. */
    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".tmp-";
    }
}
