package io.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which CPUs get bfloat16 by default, from what /proc/cpuinfo says on each kind of machine. */
class PrecisionTest {

    @Test
    void x86WithAvx512Bf16OrAmx(@TempDir Path dir) throws IOException {
        assertTrue(Precision.cpuHasBf16(write(dir, "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n")));
        assertTrue(Precision.cpuHasBf16(write(dir, "flags\t\t: fpu avx512f amx_bf16 amx_tile\n")));
    }

    @Test
    void x86WithoutIt(@TempDir Path dir) throws IOException {
        // avx512_bf16_x is not a flag; only the whole word counts.
        assertFalse(Precision.cpuHasBf16(write(dir, "flags\t\t: fpu sse2 avx2 avx512f avx512_vnni avx512_bf16_x\n")));
    }

    @Test
    void armLinuxStaysFloat32(@TempDir Path dir) throws IOException {
        // A Graviton3's cpuinfo: bf16 is there, but TensorFlow's speed with it on ARM is unmeasured.
        assertFalse(Precision.cpuHasBf16(write(dir, "processor\t: 0\nBogoMIPS\t: 2100.00\n"
                + "Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp bf16 i8mm\n")));
    }

    @Test
    void noCpuinfoAtAll(@TempDir Path dir) {
        // macOS and Windows have no /proc: float32, without an error.
        assertFalse(Precision.cpuHasBf16(dir.resolve("no-such-file")));
        assertFalse(Precision.cpuHasBf16(dir));
    }

    private static Path write(Path dir, String text) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "cpuinfo", ""), text);
    }
}
