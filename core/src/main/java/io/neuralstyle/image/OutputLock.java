package io.neuralstyle.image;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One live writer per output: {@code OUTPUT.lock} beside the output, locked by the operating system
 * ({@link FileChannel#tryLock}) for as long as the writer runs and holding its pid and host so that
 * another writer can say who has it. The operating system drops the lock when its process ends in any
 * way, kill -9 included, so a lock file left behind is stale and simply taken over; no age or pid
 * guess is needed, and it works between machines on a shared folder whose file system supports
 * locks (NFSv4, SMB).
 */
public final class OutputLock implements AutoCloseable {
    private static final String SUFFIX = ".lock";
    private static final int ATTEMPTS = 10;
    private static final Object ABSENT = new Object();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private String holder;

    /** The locks this process holds, by lock file. */
    private static final Map<Path, OutputLock> HELD = new HashMap<>();

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Another live process holds the output's lock. */
    public static final class HeldException extends IOException {
        private final transient Path output;
        private final String holder;

        HeldException(Path output, String holder) {
            super(output + " is being written by another run (" + holder + ")");
            this.output = output;
            this.holder = holder;
        }

        /** The output asked for. */
        public Path output() {
            return output;
        }

        /** Who holds it, as its lock file says: e.g. "pid 4242 on host atelier since 2026-12-02T16:31:05Z". */
        public String holder() {
            return holder;
        }
    }

    /** The lock file of {@code output}: its name and {@code .lock}, in the same folder. */
    public static Path fileOf(Path output) {
        return output.resolveSibling(output.getFileName() + SUFFIX);
    }

    /**
     * Takes the lock of {@code output} at once, or fails at once.
     *
     * @throws HeldException when another live process holds it
     * @throws IOException when the lock file cannot be made (a read-only folder, a file system without locks)
     */
    public static OutputLock acquire(Path output) throws IOException {
        Path file = fileOf(output.toAbsolutePath().normalize());
        // POSIX drops all of a process's locks on a file when it closes any descriptor of it: a second
        // channel opened here, even to read, would undo our own lock. So this process never opens it twice.
        synchronized (HELD) {
            if (HELD.containsKey(file)) {
                throw new HeldException(output, HELD.get(file).holder + ", this process");
            }
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                OutputLock taken = tryAcquire(output, file);
                if (taken != null) {
                    HELD.put(file, taken);
                    return taken;
                }
            }
        }
        throw new IOException("could not lock " + file + ": other processes keep replacing it");
    }

    /** The lock, or null when its file was replaced while we opened it: try again. */
    private static OutputLock tryAcquire(Path output, Path file) throws IOException {
        Object before = fileKey(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = read(channel);
                throw new HeldException(output, holder.isBlank() ? "its lock file " + file + " is locked" : holder);
            }
            // The holder before us deletes the file while it still holds the lock, then lets go: a lock
            // on the file it just deleted would be a lock on nothing. So the name must have named one
            // file from before we opened it to after we locked it (a file held open keeps its number).
            // A file we have just created has no "before": the next attempt opens it as an existing one.
            if (before == ABSENT || !Objects.equals(before, fileKey(file))) {
                channel.close();
                return null;
            }
            OutputLock taken = new OutputLock(file, channel, lock);
            taken.writeHolder();
            return taken;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The file's identity (device and inode) without opening it; {@link #ABSENT} when there is no
     * such file; null on a file system without such keys (Windows, where a file held open cannot be
     * deleted from under its name).
     */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return ABSENT;
        }
    }

    /** Writes who holds the lock into the lock file. */
    private void writeHolder() throws IOException {
        String pid = Long.toString(ProcessHandle.current().pid());
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = ManagementFactory.getRuntimeMXBean().getName();
        }
        holder = "pid " + pid + " on host " + host + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    /** The holder's text, or "" where it cannot be read (Windows: the holder's lock keeps others out). */
    private static String read(FileChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        try {
            channel.read(buffer, 0);
        } catch (IOException e) {
            return "";
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    /** Who holds it, as its file says: "pid 4242 on host atelier since 2026-12-02T16:31:05Z". */
    public String holder() {
        return holder;
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Deletes the lock file, then lets go of the lock: see {@link #acquire} for why in that order. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (HELD.get(file) != this) {
                return; // closed before
            }
            HELD.remove(file);
        }
        try {
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
