package dev.twinroot.image.flash;

import dev.twinroot.platform.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FlashImageTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void detectsEachFormatByItsBytesAndDecompressesIt(ImageFormat format) throws IOException {
        byte[] data = randomImage(new Random(1), 3 * 1024 * 1024 + 123);
        Path file = dir.resolve("os" + Compression.extension(format));
        Files.write(file, Compression.compress(format, data));
        FlashImage image = FlashImage.open(file);
        assertEquals(format, image.format());
        assertArrayEquals(data, readAll(image));
        if (format == ImageFormat.RAW || format == ImageFormat.XZ) {
            assertTrue(image.sizeExact());
            assertEquals(data.length, image.minimumSize());
        } else {
            assertFalse(image.sizeExact());
            assertTrue(image.minimumSize() <= data.length, "a lower bound: " + image.minimumSize());
        }
    }

    @Test
    void theMagicWinsOverAPlainName() throws IOException {
        byte[] data = randomImage(new Random(2), 100_000);
        Path file = dir.resolve("os.img");
        Files.write(file, Compression.compress(ImageFormat.ZSTD, data));
        FlashImage image = FlashImage.open(file);
        assertEquals(ImageFormat.ZSTD, image.format());
        assertArrayEquals(data, readAll(image));
    }

    @Test
    void aCompressedNameOnRawBytesIsRefused() throws IOException {
        Path file = dir.resolve("os.img.xz");
        Files.write(file, new byte[4096]);
        CorruptImageException e = assertThrows(CorruptImageException.class, () -> FlashImage.open(file));
        assertEquals(file + ": named like a xz file but does not start with fd 37 7a 58 5a 00 (found 00 00 00 00 00 00)",
                e.getMessage());
    }

    @Test
    void aNameOfOneCompressionOnAnotherIsRefused() throws IOException {
        Path file = dir.resolve("os.img.gz");
        Files.write(file, Compression.compress(ImageFormat.ZSTD, new byte[10]));
        CorruptImageException e = assertThrows(CorruptImageException.class, () -> FlashImage.open(file));
        assertTrue(e.getMessage().endsWith("does not start with 1f 8b (found 28 b5, which is zstd)"), e.getMessage());
    }

    /** Real tools' output, including what Java libraries do not write: several gzip members, several zstd frames. */
    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"GZIP", "XZ", "ZSTD"})
    void readsConcatenatedOutputOfTheRealTools(ImageFormat format) throws IOException {
        ExternalTool tool = switch (format) {
            case GZIP -> new ExternalTool("gzip", "gzip");
            case XZ -> new ExternalTool("xz", "xz-utils");
            default -> new ExternalTool("zstd", "zstd");
        };
        assumeTrue(tool.isPresent(), tool.name() + " is not installed");
        byte[] a = randomImage(new Random(3), 200_000);
        byte[] b = randomImage(new Random(4), 300_000);
        Path pa = dir.resolve("a");
        Path pb = dir.resolve("b");
        Files.write(pa, a);
        Files.write(pb, b);
        for (Path p : List.of(pa, pb)) {
            tool.run(List.of("-k", "-q", p.toString()), Duration.ofSeconds(60)).requireSuccess();
        }
        String ext = switch (format) {
            case GZIP -> ".gz";
            case XZ -> ".xz";
            default -> ".zst";
        };
        Path both = dir.resolve("both.img" + ext);
        Files.write(both, concat(Files.readAllBytes(Path.of(pa + ext)), Files.readAllBytes(Path.of(pb + ext))));
        FlashImage image = FlashImage.open(both);
        assertArrayEquals(concat(a, b), readAll(image));
        if (format == ImageFormat.XZ) {
            assertEquals(a.length + b.length, image.minimumSize());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"GZIP", "XZ", "ZSTD"})
    void aTruncatedImageFailsCleanlyAndSaysSo(ImageFormat format) throws IOException {
        byte[] packed = Compression.compress(format, randomImage(new Random(5), 1 << 20));
        Path file = dir.resolve("cut" + Compression.extension(format));
        Files.write(file, Arrays.copyOf(packed, packed.length * 2 / 3));
        CorruptImageException e = assertThrows(CorruptImageException.class, () -> readAll(FlashImage.open(file)));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"GZIP", "XZ", "ZSTD"})
    void aCorruptImageFailsCleanlyAndSaysSo(ImageFormat format) throws IOException {
        byte[] packed = Compression.compress(format, randomImage(new Random(6), 1 << 20));
        for (int i = packed.length / 3; i < packed.length / 3 + 16; i++) {
            packed[i] ^= 0x5a;
        }
        Path file = dir.resolve("bad" + Compression.extension(format));
        Files.write(file, packed);
        CorruptImageException e = assertThrows(CorruptImageException.class, () -> readAll(FlashImage.open(file)));
        assertTrue(e.getMessage().contains("corrupt or truncated " + format.name().toLowerCase()), e.getMessage());
    }

    /**
     * Property: whatever is done to a compressed image (cut anywhere, bytes flipped anywhere), reading it gives
     * bytes or a FlashException, never another exception; and a cut image never reads as complete.
     */
    @Test
    void anyDamageGivesDataOrAFlashException() throws IOException {
        Random random = new Random(7);
        ImageFormat[] formats = {ImageFormat.GZIP, ImageFormat.XZ, ImageFormat.ZSTD};
        for (int round = 0; round < 300; round++) {
            ImageFormat format = formats[round % formats.length];
            byte[] data = randomImage(random, 1 + random.nextInt(200_000));
            byte[] packed = Compression.compress(format, data);
            boolean cut = random.nextBoolean();
            byte[] damaged;
            if (cut) {
                damaged = Arrays.copyOf(packed, random.nextInt(packed.length));
            } else {
                damaged = packed.clone();
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            Path file = dir.resolve("r" + round + Compression.extension(format));
            Files.write(file, damaged);
            try {
                byte[] out = readAll(FlashImage.open(file));
                assertFalse(cut && Arrays.equals(out, data), "round " + round + ": a cut " + format + " image read as whole");
            } catch (FlashException expected) {
                // refused: fine
            }
            Files.delete(file);
        }
    }

    static byte[] readAll(FlashImage image) throws IOException {
        try (InputStream in = image.openStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** Half random, half runs of one byte: compressible like a real image, not trivially. */
    static byte[] randomImage(Random random, int length) {
        byte[] data = new byte[length];
        int i = 0;
        while (i < length) {
            int run = Math.min(length - i, 1 + random.nextInt(8192));
            if (random.nextBoolean()) {
                byte[] chunk = new byte[run];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, data, i, run);
            } else {
                Arrays.fill(data, i, i + run, (byte) random.nextInt(4));
            }
            i += run;
        }
        return data;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
