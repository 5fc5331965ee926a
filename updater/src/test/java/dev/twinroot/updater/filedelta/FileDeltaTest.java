package dev.twinroot.updater.filedelta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeltaTest {

    @TempDir
    Path dir;

    /** A tar-like file: 512-byte records, an insertion early on shifts everything after it by whole records. */
    @Test
    void aRecordInsertedEarlyCostsAboutOneRecord() throws IOException, NoSuchAlgorithmException {
        byte[] old = new byte[2 << 20];
        new Random(1).nextBytes(old);
        byte[] inserted = new byte[512];
        new Random(2).nextBytes(inserted);
        byte[] neu = new byte[old.length + 512];
        System.arraycopy(old, 0, neu, 0, 4096);
        System.arraycopy(inserted, 0, neu, 4096, 512);
        System.arraycopy(old, 4096, neu, 4608, old.length - 4096);
        Path source = Files.write(dir.resolve("old.tar"), old);
        Path target = Files.write(dir.resolve("new.tar"), neu);
        Path delta = dir.resolve("delta");
        long size = FileDelta.create(source, target, delta);
        assertEquals(Files.size(delta), size);
        assertTrue(size < 2048, "delta " + size + " bytes");

        FileDelta.Ends ends = FileDelta.ends(delta);
        assertEquals(old.length, ends.sourceSize());
        assertEquals(neu.length, ends.targetSize());
        assertEquals(sha(old), ends.sourceSha256());
        assertEquals(sha(neu), ends.targetSha256());

        Path rebuilt = dir.resolve("rebuilt.tar");
        try (InputStream in = Files.newInputStream(delta)) {
            FileDelta.apply(source, in, rebuilt);
        }
        assertArrayEquals(neu, Files.readAllBytes(rebuilt));
    }

    @Test
    void theWrongSourceOrADamagedDeltaIsAFileDeltaExceptionAndNoTarget() throws IOException {
        byte[] old = new byte[300_000];
        new Random(3).nextBytes(old);
        byte[] neu = old.clone();
        neu[1000] ^= 1;
        Path source = Files.write(dir.resolve("old"), old);
        Path delta = dir.resolve("delta");
        FileDelta.create(source, Files.write(dir.resolve("new"), neu), delta);
        byte[] other = old.clone();
        other[200_000] ^= 1;
        Path wrong = Files.write(dir.resolve("other"), other);
        Path out = dir.resolve("out");
        try (InputStream in = Files.newInputStream(delta)) {
            assertThrows(FileDeltaException.class, () -> FileDelta.apply(wrong, in, out));
        }
        assertFalse(Files.exists(out));
        byte[] bad = Files.readAllBytes(delta);
        bad[bad.length / 2] ^= 0x40;
        try (InputStream in = new java.io.ByteArrayInputStream(bad)) {
            assertThrows(FileDeltaException.class, () -> FileDelta.apply(source, in, out));
        }
        assertFalse(Files.exists(out));
        Path notADelta = Files.write(dir.resolve("not"), Arrays.copyOf(old, 200));
        assertThrows(FileDeltaException.class, () -> FileDelta.ends(notADelta));
    }

    private static String sha(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
