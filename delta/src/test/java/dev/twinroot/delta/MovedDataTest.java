package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data that moved by a non-multiple of the block size (squashfs packs compressed blocks back to back, so one
 * changed file shifts everything after it) is copied, not stored again.
 */
class MovedDataTest {

    @TempDir
    Path dir;

    @Test
    void bytesInsertedIntoIncompressibleImageCostAboutThemselves() throws Exception {
        Random rnd = new Random(21);
        byte[] src = new byte[8 << 20];
        rnd.nextBytes(src);
        byte[] a = new byte[333];
        byte[] b = new byte[1001];
        rnd.nextBytes(a);
        rnd.nextBytes(b);
        // Two insertions and a deletion: the rest of the image moves by 333, then 1334, then 1234 bytes.
        byte[] tgt = Images.concat(slice(src, 0, 5_000_001), a, slice(src, 5_000_001, 6_000_000), b,
                slice(src, 6_000_000, 7_000_000), slice(src, 7_000_100, src.length));
        byte[] delta2 = create(src, tgt, DeltaGenerator.Options.defaults().withFormatVersion(2));
        assertTrue(delta2.length < a.length + b.length + 250, "version 2 delta is " + delta2.length + " bytes");
        DeltaInfo info = DeltaInfo.read(new ByteArrayInputStream(delta2));
        assertEquals(a.length + b.length,
                info.targetBytes().get(DeltaInfo.Kind.DATA) + info.targetBytes().get(DeltaInfo.Kind.BSDIFF),
                "only the inserted bytes are stored: " + info);
        // Version 3 puts the insertions and the copies between them in one SPLICE, without COPY operations.
        byte[] delta3 = create(src, tgt);
        assertTrue(delta3.length <= delta2.length, "version 3: " + delta3.length + ", version 2: " + delta2.length);
    }

    @Test
    void randomShiftsRoundTripAndStayNearTheirSize() throws Exception {
        for (int seed = 0; seed < 40; seed++) {
            Random rnd = new Random(500 + seed);
            byte[] src = new byte[(64 << 10) + rnd.nextInt(400_000)];
            rnd.nextBytes(src);
            int at = rnd.nextInt(src.length);
            byte[] insert = new byte[1 + rnd.nextInt(5000)];
            rnd.nextBytes(insert);
            byte[] tgt = Images.concat(slice(src, 0, at), insert, slice(src, at, src.length));
            byte[] delta = create(src, tgt);
            // The insertion, raw, plus the header, a few copies and whatever of the 4 KiB blocks around the
            // insertion and at the image's end the rolling match cannot reach (less than two blocks).
            assertTrue(delta.length < insert.length + 2 * 4096 + 300, "seed " + seed + ": delta is " + delta.length
                    + " bytes for " + insert.length + " inserted");
        }
    }

    /**
     * The squashfs case: compressed blocks of a few hundred bytes to a few KiB packed back to back, every other
     * one replaced by a block of another length. Most unchanged blocks contain no whole aligned 4 KiB source
     * block; the fine index finds them anyway.
     */
    @Test
    void shortMovedPiecesOfIncompressibleDataAreCopied() throws Exception {
        Random rnd = new Random(77);
        java.io.ByteArrayOutputStream src = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream tgt = new java.io.ByteArrayOutputStream();
        long replaced = 0;
        int pieces = 3000;
        for (int i = 0; i < pieces; i++) {
            byte[] piece = new byte[200 + rnd.nextInt(6000)];
            rnd.nextBytes(piece);
            src.write(piece);
            if (i % 2 == 1) {
                byte[] fresh = new byte[200 + rnd.nextInt(6000)];
                rnd.nextBytes(fresh);
                tgt.write(fresh);
                replaced += fresh.length;
            } else {
                tgt.write(piece);
            }
        }
        byte[] delta = create(src.toByteArray(), tgt.toByteArray());
        // Per replaced piece: a DATA header and the COPY after it, about 30 bytes.
        assertTrue(delta.length < replaced + 40L * pieces / 2 + 100, "delta is " + delta.length + " bytes for "
                + replaced + " replaced");
    }

    /**
     * An edited file that moved far from its neighbours' copies: its pieces point the bsdiff at the right source
     * region (3 MiB away, beyond the window around the neighbouring copy's offset).
     */
    @Test
    void editedDataIsPatchedAgainstWhereItsPiecesPoint() throws Exception {
        Random rnd = new Random(99);
        byte[] a = nibbles(rnd, 3 << 20);
        byte[] file = nibbles(rnd, 512 << 10);
        byte[] edited = file.clone();
        for (int i = 100; i < edited.length; i += 200) {
            edited[i] = (byte) (0xF0 | rnd.nextInt(16));
        }
        byte[] delta = create(Images.concat(a, file), Images.concat(edited, a));
        // zstd of the edited file alone is about 256 KiB (4 bits per byte); a patch against the file, a few KiB
        // per 1000 edited bytes.
        assertTrue(delta.length < 64 << 10, "delta is " + delta.length + " bytes");
    }

    private static byte[] nibbles(Random rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(16);
        }
        return b;
    }

    private byte[] create(byte[] src, byte[] tgt) throws Exception {
        return create(src, tgt, DeltaGenerator.Options.defaults());
    }

    private byte[] create(byte[] src, byte[] tgt, DeltaGenerator.Options options) throws Exception {
        Path s = dir.resolve("src");
        Path t = dir.resolve("tgt");
        Files.write(s, src);
        Files.write(t, tgt);
        byte[] delta = Images.create(s, t, options);
        assertArrayEquals(tgt, Images.apply(s, delta, dir.resolve("out")));
        return delta;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }
}
