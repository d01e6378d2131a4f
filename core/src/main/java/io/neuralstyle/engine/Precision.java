package io.neuralstyle.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The arithmetic the network runs in while optimizing. BF16 runs the convolutions after conv1_1 in
 * bfloat16 with float32 accumulation (see {@link Vgg19Graph}), which CPUs with AVX512_BF16 or AMX do
 * about 1.7 times as fast per iteration here; the image, the first layer, the Gram matrices, the
 * losses, the optimizer and the targets stay float32. Elsewhere bfloat16 is emulated and slower than
 * float32, so {@link #fastest()} picks it only where the CPU has it.
 */
public enum Precision {
    FP32, BF16;

    /** Parses "fp32"/"float32" or "bf16"/"bfloat16", any case; "auto" is {@link #fastest()}. */
    public static Precision parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            case "auto" -> fastest();
            default -> throw new IllegalArgumentException("unknown precision '" + s + "': use auto, fp32 or bf16");
        };
    }

    /**
     * BF16 where the CPU computes bfloat16 natively (AVX512_BF16 or AMX), else FP32; FP32 where the
     * network will run on a GPU (whose float32 convolutions use its tensor cores; bfloat16 there is
     * unmeasured).
     */
    public static Precision fastest() {
        return Holder.FASTEST;
    }

    /**
     * Whether {@code cpuinfo} (Linux's /proc/cpuinfo) lists an x86 native bfloat16 instruction set
     * (AVX512_BF16 or AMX-BF16). False where there is no such file (macOS, Windows) and on ARM, whose
     * cpuinfo has "Features" instead of "flags": TensorFlow's bfloat16 speed there is unmeasured.
     */
    static boolean cpuHasBf16(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("flags")) {
                    String flags = " " + line.substring(line.indexOf(':') + 1) + " ";
                    return flags.contains(" avx512_bf16 ") || flags.contains(" amx_bf16 ");
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static final class Holder {
        static final Precision FASTEST = Gpus.first().isPresent() ? FP32
                : cpuHasBf16(Path.of("/proc/cpuinfo")) ? BF16 : FP32;
    }
}
