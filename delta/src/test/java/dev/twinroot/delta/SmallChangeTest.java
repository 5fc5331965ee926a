package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headline: a 1 KiB change in a big image costs about 1 KiB of delta. */
class SmallChangeTest {

    private static final int SIZE = 64 << 20;

    @TempDir
    Path dir;

    @Test
    void oneKibRandomOverwriteOfRandomImageCostsUnderOneAndAHalfKib() throws IOException {
        Random rnd = new Random(7);
        Path src = dir.resolve("src.img");
        Path tgt = dir.resolve("tgt.img");
        writeRandom(src, rnd);
        byte[] change = new byte[1024];
        rnd.nextBytes(change);
        Files.copy(src, tgt);
        long at = 12_345_677; // not block aligned: the change straddles two blocks
        try (var ch = java.nio.channels.FileChannel.open(tgt, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(change), at);
        }
        byte[] delta = Images.create(src, tgt, DeltaGenerator.Options.defaults());
        assertTrue(delta.length < 1536, "delta is " + delta.length + " bytes");
        DeltaInfo info = DeltaInfo.read(new ByteArrayInputStream(delta));
        assertEquals(1024, info.targetBytes().get(DeltaInfo.Kind.DATA) + info.targetBytes().get(DeltaInfo.Kind.BSDIFF),
                "only the changed bytes are stored: " + info);
        Path out = dir.resolve("out.img");
        new DeltaApplier(DeltaApplier.Options.defaults()).apply(src, new ByteArrayInputStream(delta), out,
                java.util.Optional.empty());
        assertEquals(-1L, Files.mismatch(tgt, out));
    }

    @Test
    void sevenBytesInAZeroPaddedImageCostLittle() throws IOException {
        byte[] img = Images.image(new Random(3), 4 << 20);
        byte[] tgt = img.clone();
        System.arraycopy("changed".getBytes(), 0, tgt, 1_000_003, 7);
        Path s = dir.resolve("a");
        Path t = dir.resolve("b");
        Files.write(s, img);
        Files.write(t, tgt);
        byte[] delta = Images.create(s, t, DeltaGenerator.Options.defaults());
        assertTrue(delta.length < 100 + 7 + 80, "delta is " + delta.length + " bytes");
        assertArrayEquals(tgt, Images.apply(s, delta, dir.resolve("c")));
    }

    /**
     * The benchmark's sparse pair, at 1 GiB: 64 data extents of 1 MiB between 15 MiB holes, 1 KiB overwritten.
     * The target is the compressed change plus 512 bytes; the holes cost nothing to write here.
     */
    @Test
    void oneKibChangeInSparseImageCostsTheChangePlusAtMost512Bytes() throws IOException {
        Random rnd = new Random(11);
        Path src = dir.resolve("sparse-src.img");
        Path tgt = dir.resolve("sparse-tgt.img");
        long size = 1L << 30;
        long step = size / 64;
        byte[] chunk = new byte[1 << 20];
        byte[] change = new byte[1024];
        rnd.nextBytes(change);
        try (var s = java.nio.channels.FileChannel.open(src, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE);
             var t = java.nio.channels.FileChannel.open(tgt, java.nio.file.StandardOpenOption.CREATE_NEW,
                     java.nio.file.StandardOpenOption.WRITE)) {
            for (int i = 0; i < 64; i++) {
                rnd.nextBytes(chunk);
                s.write(java.nio.ByteBuffer.wrap(chunk), i * step);
                t.write(java.nio.ByteBuffer.wrap(chunk), i * step);
            }
            s.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1);
            t.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1);
            t.write(java.nio.ByteBuffer.wrap(change), 7 * step + 4000);
        }
        byte[] delta = Images.create(src, tgt, DeltaGenerator.Options.defaults());
        int compressedChange = Math.min(change.length, DataCodecs.encode(dev.twinroot.delta.format.Codec.ZSTD, change,
                0, change.length, 19, 6).length);
        assertTrue(delta.length <= compressedChange + 512, "delta is " + delta.length + " bytes, the change "
                + compressedChange);
        Path out = dir.resolve("sparse-out.img");
        new DeltaApplier(DeltaApplier.Options.defaults()).apply(src, new ByteArrayInputStream(delta), out,
                java.util.Optional.empty());
        assertEquals(-1L, Files.mismatch(tgt, out));
    }

    private static void writeRandom(Path p, Random rnd) throws IOException {
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (int i = 0; i < SIZE / buf.length; i++) {
                rnd.nextBytes(buf);
                out.write(buf);
            }
        }
    }
}
