package dev.twinroot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlashCommandTest {

    @TempDir
    Path dir;

    @Test
    void flashesAGzipImageToAFileAndPrintsItsDigest() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 7];
        new Random(31).nextBytes(data);
        Path image = dir.resolve("os.img.gz");
        Files.write(image, gzip(data));
        Path card = dir.resolve("card.img");

        assertEquals(0, Twinroot.execute("flash", "--yes", image.toString(), card.toString()));
        assertArrayEquals(data, Files.readAllBytes(card));

        Files.write(card, new byte[10]);
        CliRun run = CliRun.of("flash", "--yes", image.toString(), card.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote 5.0 MiB (5242887 bytes) to " + card + " in "), run.out());
        assertTrue(run.out().contains("verified in"), run.out());
        assertTrue(run.out().endsWith("sha256 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data))
                + System.lineSeparator()), run.out());
        assertEquals("image:  " + image + " (gzip, at least 5.0 MiB)" + System.lineSeparator()
                + "target: " + card + " (existing file, will be overwritten)" + System.lineSeparator(), run.err());
    }

    @Test
    void withoutATerminalAndWithoutYesItRefusesToOverwrite() throws IOException {
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[4096]);
        Path card = dir.resolve("card.img");
        Files.write(card, new byte[] {1, 2, 3});
        CliRun run = CliRun.of("flash", image.toString(), card.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().endsWith("twinroot flash: no terminal to ask on: pass --yes to overwrite " + card
                + System.lineSeparator()), run.err());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(card));
    }

    @Test
    void aCorruptImageIsOneLineAndExitOne() throws IOException {
        byte[] packed = gzip(new byte[3 * 1024 * 1024]);
        packed[packed.length - 6] ^= 1; // inside the CRC32 of the trailer
        Path image = dir.resolve("os.img.gz");
        Files.write(image, packed);
        CliRun run = CliRun.of("flash", "--yes", image.toString(), dir.resolve("card.img").toString());
        assertEquals(1, run.exitCode());
        String last = run.err().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("twinroot flash: " + image + ": corrupt or truncated gzip data after "), last);
        assertTrue(last.contains("Gzip-compressed data is corrupt (CRC32 error); " + dir.resolve("card.img") + " now holds a partial image ("),
                last);
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aCharacterDeviceIsRefused() throws IOException {
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[4096]);
        CliRun run = CliRun.of("flash", "--yes", "--force", image.toString(), "/dev/zero");
        assertEquals(1, run.exitCode());
        assertEquals("twinroot flash: /dev/zero is neither a block device nor a regular file" + System.lineSeparator(), run.err());
    }

    @Test
    void aMissingArgumentIsAUsageError() {
        assertEquals(2, CliRun.of("flash", "os.img").exitCode());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(data);
        }
        return buf.toByteArray();
    }
}
