package dev.twinroot.updater.slot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Direct reads against a file on the build directory's filesystem (ext4 here: O_DIRECT works there, unlike on
 * tmpfs). Positions and lengths are random and unaligned; every read must equal the file's bytes.
 */
class DirectReadChannelTest {

    private static Path file(String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "direct-read"));
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void randomUnalignedReadsReturnTheFilesBytes() throws IOException {
        Random random = new Random(20261128);
        for (int round = 0; round < 20; round++) {
            byte[] content = new byte[1 + random.nextInt(3 << 20)];
            random.nextBytes(content);
            Path f = file("r" + round, content);
            try (DirectReadChannel ch = DirectReadChannel.open(f, content.length)) {
                assertEquals(content.length, ch.size());
                for (int i = 0; i < 50; i++) {
                    int at = random.nextInt(content.length);
                    int len = 1 + random.nextInt(Math.min(content.length - at, 2 << 20));
                    ByteBuffer dst = ByteBuffer.allocate(len);
                    ch.position(at);
                    while (dst.hasRemaining() && ch.read(dst) > 0) {
                        // read on
                    }
                    assertArrayEquals(Arrays.copyOfRange(content, at, at + len), dst.array(), "round " + round + " at " + at);
                    assertEquals(at + len, ch.position());
                }
                ch.position(content.length);
                assertEquals(-1, ch.read(ByteBuffer.allocate(1)));
            }
        }
    }

    @Test
    void readsStopAtTheAnnouncedSizeAndNeverWrite() throws IOException {
        byte[] content = new byte[10_000];
        new Random(3).nextBytes(content);
        Path f = file("s", content);
        try (DirectReadChannel ch = DirectReadChannel.open(f, 5000)) {
            ByteBuffer all = ByteBuffer.allocate(8000);
            assertEquals(5000, ch.read(all));
            assertEquals(-1, ch.read(all));
            assertArrayEquals(Arrays.copyOf(content, 5000), Arrays.copyOf(all.array(), 5000));
            assertThrows(NonWritableChannelException.class, () -> ch.write(ByteBuffer.allocate(1)));
        }
    }
}
