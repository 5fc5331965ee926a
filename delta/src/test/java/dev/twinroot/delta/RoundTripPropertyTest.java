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

class RoundTripPropertyTest {

    @TempDir
    Path dir;

    /** Small windows and runs so that window, run and block boundaries fall everywhere. */
    private static final DeltaGenerator.Options SMALL = new DeltaGenerator.Options(4096, 64 << 10, 32 << 10,
            256 << 10, 19, 6, true, ProgressListener.NONE);

    @Test
    void randomEditsRoundTrip() throws Exception {
        for (int seed = 0; seed < 150; seed++) {
            Random rnd = new Random(seed);
            byte[] src = Images.image(rnd, rnd.nextInt(5) == 0 ? rnd.nextInt(5000) : rnd.nextInt(300_000));
            byte[] tgt = rnd.nextInt(20) == 0 ? Images.image(rnd, rnd.nextInt(100_000)) : Images.edit(rnd, src);
            checkRoundTrip(seed, src, tgt, seed % 2 == 0 ? SMALL : DeltaGenerator.Options.defaults());
        }
    }

    /**
     * Images like squashfs: incompressible blocks of random sizes packed back to back, each starting with the same
     * 24-byte header; the new version replaces, inserts and drops blocks. Version 3 (SPLICE copies, down to 8
     * bytes) and version 2 both round trip; only version 3 uses SPLICE, and overall it is the smaller.
     */
    @Test
    void packedCompressedBlocksRoundTripInBothVersions() throws Exception {
        long splices = 0;
        long bytes2 = 0;
        long bytes3 = 0;
        byte[] header = new byte[24];
        new Random(77).nextBytes(header);
        for (int seed = 0; seed < 40; seed++) {
            Random rnd = new Random(2000 + seed);
            java.util.List<byte[]> blocks = new java.util.ArrayList<>();
            for (int i = 0, n = 20 + rnd.nextInt(100); i < n; i++) {
                blocks.add(packedBlock(rnd, header));
            }
            java.util.List<byte[]> edited = new java.util.ArrayList<>();
            for (byte[] b : blocks) {
                int r = rnd.nextInt(10);
                if (r == 0) {
                    edited.add(packedBlock(rnd, header));
                } else if (r == 1) {
                    edited.add(packedBlock(rnd, header));
                    edited.add(b);
                } else if (r != 2) {
                    edited.add(b);
                }
            }
            byte[] src = Images.concat(blocks.toArray(byte[][]::new));
            byte[] tgt = Images.concat(edited.toArray(byte[][]::new));
            DeltaGenerator.Options options = seed % 2 == 0 ? SMALL : DeltaGenerator.Options.defaults();
            byte[] d3 = checkRoundTrip(seed, src, tgt, options);
            byte[] d2 = checkRoundTrip(seed, src, tgt, options.withFormatVersion(2));
            DeltaInfo info3 = DeltaInfo.read(new ByteArrayInputStream(d3));
            DeltaInfo info2 = DeltaInfo.read(new ByteArrayInputStream(d2));
            assertEquals(3, info3.header().version());
            assertEquals(2, info2.header().version());
            assertEquals(0L, info2.opCounts().get(DeltaInfo.Kind.SPLICE), "seed " + seed);
            splices += info3.opCounts().get(DeltaInfo.Kind.SPLICE);
            bytes2 += d2.length;
            bytes3 += d3.length;
        }
        assertTrue(splices > 0, "no SPLICE in any version 3 delta");
        assertTrue(bytes3 < bytes2, "version 3: " + bytes3 + " bytes, version 2: " + bytes2);
    }

    private static byte[] packedBlock(Random rnd, byte[] header) {
        byte[] b = new byte[header.length + 200 + rnd.nextInt(6000)];
        rnd.nextBytes(b);
        System.arraycopy(header, 0, b, 0, header.length);
        return b;
    }

    @Test
    void emptyImages() throws Exception {
        checkRoundTrip(-1, new byte[0], new byte[0], SMALL);
        checkRoundTrip(-2, new byte[0], Images.image(new Random(1), 10_000), SMALL);
        checkRoundTrip(-3, Images.image(new Random(2), 10_000), new byte[0], SMALL);
    }

    @Test
    void otherBlockSizes() throws Exception {
        for (int seed = 0; seed < 20; seed++) {
            Random rnd = new Random(1000 + seed);
            byte[] src = Images.image(rnd, rnd.nextInt(200_000));
            byte[] tgt = Images.edit(rnd, src);
            checkRoundTrip(seed, src, tgt, SMALL.withBlockSize(seed % 2 == 0 ? 512 : 65536));
        }
    }

    private byte[] checkRoundTrip(int seed, byte[] src, byte[] tgt, DeltaGenerator.Options options) throws Exception {
        Path s = dir.resolve("src");
        Path t = dir.resolve("tgt");
        Files.write(s, src);
        Files.write(t, tgt);
        byte[] delta = Images.create(s, t, options);
        byte[] out = Images.apply(s, delta, dir.resolve("out"));
        assertArrayEquals(tgt, out, "seed " + seed);
        ApplyResult verified = DeltaVerifier.verify(s, new ByteArrayInputStream(delta));
        assertEquals(tgt.length, verified.header().targetSize(), "seed " + seed);
        DeltaInfo info = DeltaInfo.read(new ByteArrayInputStream(delta));
        assertEquals(delta.length, info.deltaSize(), "seed " + seed);
        assertEquals(tgt.length, info.targetBytes().values().stream().mapToLong(Long::longValue).sum());
        return delta;
    }
}
