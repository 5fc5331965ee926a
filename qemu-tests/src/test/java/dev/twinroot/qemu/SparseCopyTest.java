package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseCopyTest {

    @TempDir
    Path dir;

    @Test
    void copiesEveryByteAndWritesOnlyTheData() throws Exception {
        Path source = dir.resolve("source.img");
        byte[] data = new byte[5000];
        new Random(7).nextBytes(data);
        try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "rw")) {
            f.setLength(10L << 20);
            f.seek(3L << 20);
            f.write(data);
        }
        Path target = dir.resolve("target.img");
        Files.write(target, new byte[20 << 20]); // longer than the source: must be truncated
        long written = SparseCopy.copy(source, target);
        assertEquals(10L << 20, Files.size(target));
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
        // 5000 bytes at 3 MiB lie in one 64 KiB block.
        assertEquals(64 * 1024, written);
    }

    @Test
    void propertyAnyContentAndLengthSurvives() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 60; i++) {
            byte[] content = new byte[random.nextInt(300_000)];
            for (int j = 0; j < content.length; j += 1 + random.nextInt(50_000)) {
                content[j] = (byte) (1 + random.nextInt(255));
            }
            Path source = dir.resolve("s" + i);
            Files.write(source, content);
            Path target = dir.resolve("t" + i);
            SparseCopy.copy(source, target);
            assertArrayEquals(content, Files.readAllBytes(target), "seeded iteration " + i);
        }
    }
}
