package dev.twinroot.image.flash;

import dev.twinroot.image.flash.ProgressListener.Phase;
import dev.twinroot.platform.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flashing to regular files, with the real platform: needs no root. */
class FlasherFileTest {

    @TempDir
    Path dir;

    private final Flasher flasher = new Flasher(Platform.linux(), InstantSource.system());

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void flashesEachFormatToANewFileAndVerifies(ImageFormat format) throws Exception {
        byte[] data = FlashImageTest.randomImage(new Random(11), 9 * 1024 * 1024 + 4321);
        Path image = dir.resolve("os" + Compression.extension(format));
        Files.write(image, Compression.compress(format, data));
        Path out = dir.resolve("card.img");

        FlashPlan plan = flasher.plan(image, out, FlashOptions.defaults());
        assertEquals(TargetKind.NEW_FILE, plan.kind());
        List<String> phases = new ArrayList<>();
        FlashResult result = flasher.flash(plan, (phase, done, total) -> {
            if (done == 0) {
                phases.add(phase.name());
            }
        });

        assertArrayEquals(data, Files.readAllBytes(out));
        assertEquals(data.length, result.bytesWritten());
        assertEquals(sha256(data), result.sha256());
        assertTrue(result.verified());
        assertEquals(List.of("WRITE", "SYNC", "VERIFY"), phases);
    }

    @Test
    void anExistingLongerFileIsOverwrittenAndTruncated() throws Exception {
        byte[] data = FlashImageTest.randomImage(new Random(12), 5_000_000);
        Path image = dir.resolve("os.img");
        Files.write(image, data);
        Path out = dir.resolve("old.img");
        Files.write(out, new byte[7_000_000]);
        FlashPlan plan = flasher.plan(image, out, FlashOptions.defaults());
        assertEquals(TargetKind.FILE, plan.kind());
        flasher.flash(plan, ProgressListener.none());
        assertArrayEquals(data, Files.readAllBytes(out));
    }

    /** The device "changes" data after the write: the read-back must notice, and say which chunk. */
    @Test
    void verifyCatchesDataThatChangedAfterTheWrite() throws Exception {
        byte[] data = FlashImageTest.randomImage(new Random(13), 3 * Flasher.CHUNK + 1000);
        Path image = dir.resolve("os.img.gz");
        Files.write(image, Compression.compress(ImageFormat.GZIP, data));
        Path out = dir.resolve("card.img");
        FlashPlan plan = flasher.plan(image, out, FlashOptions.defaults());
        long corruptAt = 2L * Flasher.CHUNK + 77;
        VerifyFailedException e = assertThrows(VerifyFailedException.class, () -> flasher.flash(plan, (phase, done, total) -> {
            if (phase == Phase.VERIFY && done == 0) {
                flipByte(out, corruptAt);
            }
        }));
        assertEquals(2L * Flasher.CHUNK, e.firstDifferentOffset());
        assertEquals("verify failed: " + out + " reads back differently from what was written, first in chunk 2 (bytes "
                + 2L * Flasher.CHUNK + " to " + (3L * Flasher.CHUNK - 1) + ")", e.getMessage());
    }

    @Test
    void withoutVerifyTheSameChangeGoesUnnoticed() throws Exception {
        byte[] data = FlashImageTest.randomImage(new Random(14), 2 * Flasher.CHUNK);
        Path image = dir.resolve("os.img");
        Files.write(image, data);
        Path out = dir.resolve("card.img");
        FlashPlan plan = flasher.plan(image, out, new FlashOptions(false, false));
        FlashResult result = flasher.flash(plan, (phase, done, total) -> {
            if (phase == Phase.SYNC && done == 0) {
                flipByte(out, 5);
            }
        });
        assertFalse(result.verified());
        assertFalse(java.util.Arrays.equals(data, Files.readAllBytes(out)));
    }

    @Test
    void aCorruptCompressedImageFailsAndSaysTheTargetIsPartial() throws Exception {
        byte[] packed = Compression.compress(ImageFormat.XZ, FlashImageTest.randomImage(new Random(15), 12 << 20));
        for (int i = packed.length / 2; i < packed.length / 2 + 64; i++) {
            packed[i] = 0;
        }
        Path image = dir.resolve("os.img.xz");
        Files.write(image, packed);
        Path out = dir.resolve("card.img");
        FlashPlan plan = flasher.plan(image, out, FlashOptions.defaults());
        CorruptImageException e = assertThrows(CorruptImageException.class, () -> flasher.flash(plan, ProgressListener.none()));
        assertTrue(e.getMessage().startsWith(image + ": corrupt or truncated xz data after "), e.getMessage());
        assertTrue(e.getMessage().endsWith(out + " now holds a partial image (" + Files.size(out) + " bytes): do not boot it"),
                e.getMessage());
    }

    @Test
    void refusesWhatIsNeitherABlockDeviceNorARegularFile() throws IOException {
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[1024]);
        FlashRefusedException charDevice = assertThrows(FlashRefusedException.class,
                () -> flasher.plan(image, Path.of("/dev/null"), FlashOptions.defaults()));
        assertEquals("/dev/null is neither a block device nor a regular file", charDevice.getMessage());
        FlashRefusedException directory = assertThrows(FlashRefusedException.class,
                () -> flasher.plan(image, dir, FlashOptions.defaults()));
        assertEquals(dir + " is neither a block device nor a regular file", directory.getMessage());
    }

    @Test
    void aMissingDeviceUnderDevIsNotCreatedAsAFile() throws IOException {
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[1024]);
        FlashRefusedException e = assertThrows(FlashRefusedException.class,
                () -> flasher.plan(image, Path.of("/dev/sdzz"), new FlashOptions(true, true)));
        assertEquals("/dev/sdzz: no such device (is the card inserted? `lsblk` lists devices)", e.getMessage());
        assertFalse(Files.exists(Path.of("/dev/sdzz")));
    }

    @Test
    void refusesTheImageItselfAndAMissingDirectory() throws IOException {
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[1024]);
        assertEquals(dir.resolve("./os.img") + " is the image itself", assertThrows(FlashRefusedException.class,
                () -> flasher.plan(image, dir.resolve("./os.img"), FlashOptions.defaults())).getMessage());
        Path nowhere = dir.resolve("no/such/dir/card.img");
        assertEquals(nowhere + ": directory " + nowhere.getParent() + " does not exist", assertThrows(FlashRefusedException.class,
                () -> flasher.plan(image, nowhere, FlashOptions.defaults())).getMessage());
    }

    @Test
    void aMissingImageIsOneLine() {
        Path missing = dir.resolve("nope.img");
        FlashException e = assertThrows(FlashException.class,
                () -> flasher.plan(missing, dir.resolve("out"), FlashOptions.defaults()));
        assertEquals(missing + ": no such image file", e.getMessage());
    }

    static void flipByte(Path file, long offset) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, offset);
            one.put(0, (byte) ~one.get(0)).rewind();
            ch.write(one, offset);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
