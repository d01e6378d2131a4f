package io.neuralstyle.engine;

import java.util.Locale;

/**
 * Where the network runs. A GPU is used only by the program built with {@code -Pgpu}, whose
 * TensorFlow native library is the CUDA build, on a machine where TensorFlow sees an NVIDIA GPU.
 */
public enum Device {
    /** The GPU where there is one to use (see {@link Gpus#first()}), else the CPU. */
    AUTO,
    CPU,
    GPU;

    /** Parses "auto", "cpu" or "gpu", any case. */
    public static Device parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "cpu" -> CPU;
            case "gpu" -> GPU;
            default -> throw new IllegalArgumentException("unknown device '" + s + "': use auto, cpu or gpu");
        };
    }

    /**
     * CPU or GPU: what this device means on this machine.
     *
     * @throws IllegalStateException for GPU where there is none to use, saying what to do
     */
    public Device resolve() {
        return switch (this) {
            case CPU -> CPU;
            case AUTO -> Gpus.first().isPresent() ? GPU : CPU;
            case GPU -> {
                if (Gpus.first().isEmpty()) {
                    throw new IllegalStateException(Gpus.cudaBuild()
                            ? "device gpu: TensorFlow sees no GPU on this machine; check the NVIDIA driver and CUDA"
                                    + " 12 (nvidia-smi), or use --device cpu"
                            : "device gpu: this build has TensorFlow's CPU library; build with -Pgpu (Linux x86-64,"
                                    + " NVIDIA driver and CUDA 12) or use --device cpu");
                }
                yield GPU;
            }
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
