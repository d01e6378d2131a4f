package io.neuralstyle.image;

import java.util.Arrays;

/** The eight bytes every PNG file starts with. */
public final class PngSignature {
    private static final byte[] BYTES = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** How many bytes to read to tell. */
    public static final int LENGTH = BYTES.length;

    private PngSignature() {
    }

    /** Whether {@code head} starts with the signature. */
    public static boolean startsWith(byte[] head) {
        return head.length >= LENGTH && Arrays.equals(head, 0, LENGTH, BYTES, 0, LENGTH);
    }
}
