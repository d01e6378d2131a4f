package io.neuralstyle.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A SHA-256 of what a clip holds: a video file's bytes, or a folder's frame files (in frame order,
 * each with its name). Not its path or modification time, so a clip copied, moved or touched is the
 * same clip; one re-exported or with a frame replaced is another.
 */
final class ClipDigest {
    private ClipDigest() {
    }

    static String of(Path input) {
        MessageDigest sha = sha256();
        try {
            List<Path> files = Files.isDirectory(input) ? ClipReader.frameFiles(input) : List.of(input);
            for (Path file : files) {
                if (Files.isDirectory(input)) {
                    sha.update((file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            throw new VideoException(input + ": cannot read it (" + ClipReader.oneLine(e.getMessage())
                    + "); check that it exists and is readable", e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
