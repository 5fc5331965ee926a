package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.twinroot.delta.format.Codec;
import dev.twinroot.delta.format.DeltaConstants;
import dev.twinroot.delta.format.DeltaHeader;
import dev.twinroot.delta.format.HeaderCodec;
import dev.twinroot.delta.format.DeltaOp;
import dev.twinroot.delta.format.DeltaWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deltas built to hurt: every one is rejected with the right exception, and no output looks complete. */
class HostileDeltaTest {

    @TempDir
    Path dir;
    private Path src;
    private Path tgt;
    private Path out;
    private byte[] source;
    private byte[] target;
    private byte[] delta;

    @BeforeEach
    void setUp() throws IOException {
        Random rnd = new Random(11);
        source = Images.image(rnd, 80_000);
        target = Images.edit(rnd, source);
        src = dir.resolve("src");
        tgt = dir.resolve("tgt");
        out = dir.resolve("out");
        Files.write(src, source);
        Files.write(tgt, target);
        delta = Images.create(src, tgt, DeltaGenerator.Options.defaults());
        assertArrayEquals(target, Images.apply(src, delta, out));
        Files.delete(out);
    }

    @Test
    void truncatedAtEveryOffsetIsRejectedAsFormatError() throws IOException {
        for (int cut = 0; cut < delta.length; cut += cut < 512 ? 1 : 7) {
            DeltaException e = rejected(Arrays.copyOf(delta, cut), "cut at " + cut);
            assertTrue(e instanceof DeltaFormatException || e instanceof TargetMismatchException,
                    "cut at " + cut + ": " + e);
        }
    }

    /**
     * A flipped bit is either rejected (never blamed on the source) or lands where it cannot change the output,
     * such as the padding bits that end a bzip2 stream; then the target must still be exact.
     */
    @Test
    void everySingleBitFlipIsRejectedOrHarmless() throws IOException {
        int harmless = 0;
        for (int i = 0; i < delta.length; i += i < 512 ? 1 : 5) {
            byte[] bad = delta.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            Files.deleteIfExists(out);
            try {
                new DeltaApplier(DeltaApplier.Options.defaults()).apply(src, new ByteArrayInputStream(bad), out,
                        Optional.empty());
                assertArrayEquals(target, Files.readAllBytes(out), "flip at " + i + " accepted with wrong output");
                harmless++;
            } catch (DeltaException e) {
                assertFalse(Files.exists(out), "flip at " + i + ": the output looks complete");
                assertFalse(e instanceof SourceMismatchException, "flip at " + i + " blamed the source: " + e);
            }
        }
        assertTrue(harmless < 20, harmless + " flips made no difference");
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        DeltaException e = rejected(Images.concat(delta, new byte[] {0}), "trailing");
        assertTrue(e.getMessage().contains("follow END"), e.getMessage());
    }

    @Test
    void foreignFileIsRejectedByMagic() throws IOException {
        DeltaException e = rejected("BSDIFF40 this is not ours, it is someone else's file format"
                .getBytes(), "foreign");
        assertTrue(e instanceof DeltaFormatException && e.getMessage().startsWith("not a Twinroot delta"),
                e.getMessage());
    }

    @Test
    void wrongSourceIsRejectedAsSourceMismatch() throws IOException {
        byte[] other = source.clone();
        other[40_000] ^= 1;
        Files.write(src, other);
        DeltaException e = rejected(delta, "wrong source");
        assertTrue(e instanceof SourceMismatchException, e.toString());
        Files.write(src, Arrays.copyOf(source, source.length - 1));
        e = rejected(delta, "short source");
        assertTrue(e instanceof SourceMismatchException && e.getMessage().contains("bytes"), e.toString());
    }

    @Test
    void hugeDeclaredLengthsAreLimitErrors() throws IOException {
        byte[] d = handmade(1L << 40, w -> w.write(new DeltaOp.Zero(1L << 40)));
        // A DATA op claiming 2^40 bytes: hand-encode it after a valid header, then nothing.
        byte[] header = Arrays.copyOf(d, DeltaConstants.HEADER_LENGTH);
        byte[] op = {3, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x20};
        DeltaException e = rejected(Images.concat(header, op), "huge DATA");
        assertTrue(e instanceof DeltaLimitException, e.toString());
        byte[] bsdiff = {4, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
        e = rejected(Images.concat(header, bsdiff), "huge BSDIFF source");
        assertTrue(e instanceof DeltaLimitException || e instanceof DeltaFormatException, e.toString());
    }

    @Test
    void versionOneDeltasAreRefusedByName() throws IOException {
        byte[] old = delta.clone();
        old[9] = 1; // version field, offset 8, big-endian u16
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(old, 0, 96);
        java.nio.ByteBuffer.wrap(old).putInt(96, (int) crc.getValue());
        DeltaException e = rejected(old, "version 1");
        assertTrue(e instanceof DeltaFormatException && e.getMessage().contains("unsupported delta version 1")
                && e.getMessage().contains("create the delta again"), e.getMessage());
    }

    @Test
    void versionTwoDeltasApplyAndNeverHoldSplice() throws IOException {
        byte[] v2 = Images.create(src, tgt, DeltaGenerator.Options.defaults().withFormatVersion(2));
        DeltaInfo info = DeltaInfo.read(new ByteArrayInputStream(v2));
        assertEquals(2, info.header().version());
        assertEquals(0L, info.opCounts().get(DeltaInfo.Kind.SPLICE));
        assertArrayEquals(target, Images.apply(src, v2, out));
        Files.delete(out);
        // A SPLICE (kind 6) behind a version 2 header is refused by name.
        byte[] header = HeaderCodec.encode(DeltaHeader.of(2, 4096, source.length, sha(source), 4, sha(target)));
        byte[] splice = {6, 0, 4, 6, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 1};
        DeltaException e = rejected(Images.concat(header, splice), "SPLICE in version 2");
        assertEquals("bad delta: operation kind 6 (SPLICE) at offset 100 (operation #0) needs delta version 3, the"
                + " header says 2", e.getMessage());
    }

    @Test
    void spliceHashMismatchNamesTheDeltaOrTheSource() throws IOException {
        SpliceBuilder b = new SpliceBuilder(0);
        b.literal(new byte[] {1, 2, 3}, 0, 3);
        b.copy(1000, 5000);
        byte[] stream = b.finish();
        byte[] built = Images.concat(new byte[] {1, 2, 3}, Arrays.copyOfRange(source, 1000, 6000));
        byte[] wrongHash = sha(built);
        wrongHash[0] ^= 1;
        byte[] d = handmade(built.length, w -> w.write(new DeltaOp.Splice(Codec.RAW, built.length, stream.length,
                wrongHash, stream)));
        DeltaException e = rejected(d, "SPLICE hash flipped");
        assertTrue(e instanceof DeltaFormatException && e.getMessage().startsWith("corrupted delta: operation #0"
                + " SPLICE target [0, 5003) hashes to ") && e.getMessage().endsWith("although the source image matches"),
                e.getMessage());
        byte[] good = handmade(built.length, w -> w.write(new DeltaOp.Splice(Codec.RAW, built.length, stream.length,
                sha(built), stream)));
        byte[] other = source.clone();
        other[3000] ^= 1;
        Files.write(src, other);
        e = rejected(good, "SPLICE on a wrong source");
        assertTrue(e instanceof SourceMismatchException && e.getMessage().startsWith("wrong source image"),
                e.getMessage());
    }

    @Test
    void inPlaceFlagOnlyOnCopiesAndSizedOverflowIsRejected() throws IOException {
        byte[] header = Arrays.copyOf(handmade(4096, w -> w.write(new DeltaOp.Zero(4096))), DeltaConstants.HEADER_LENGTH);
        DeltaException e = rejected(Images.concat(header, new byte[] {0x12, 0x05, 0, 1}), "in-place ZERO");
        assertTrue(e.getMessage().contains("in-place flag"), e.getMessage());
        e = rejected(Images.concat(header, new byte[] {0x22, 0x05, 0, 1}), "unknown flag");
        assertTrue(e.getMessage().contains("unknown operation kind 34"), e.getMessage());
        // ZERO of 2^61 units of 256 MiB: the sized varint overflows a long.
        byte[] huge = {2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, 0x7F};
        e = rejected(Images.concat(header, huge), "sized overflow");
        assertTrue(e instanceof DeltaFormatException && e.getMessage().contains("overflows"), e.getMessage());
    }

    @Test
    void extentsBeyondSourceOrTargetAreRejected() throws IOException {
        long ts = target.length;
        DeltaException e = rejected(handmade(ts, w -> w.write(new DeltaOp.Copy(source.length - 10, 20, new byte[32]))),
                "copy beyond source");
        assertTrue(e instanceof DeltaFormatException && e.getMessage().contains("beyond the source size"), e.toString());
        byte[] overrun = handmade(ts + 10, w -> w.write(new DeltaOp.Zero(ts + 10)));
        // Re-declare a smaller target in a valid header: the op must not run past it.
        DeltaHeader small = DeltaHeader.of(4096, source.length, sha(source), ts, sha(target));
        byte[] bad = Images.concat(dev.twinroot.delta.format.HeaderCodec.encode(small),
                Arrays.copyOfRange(overrun, DeltaConstants.HEADER_LENGTH, overrun.length));
        e = rejected(bad, "zero beyond target");
        assertTrue(e.getMessage().contains("beyond the target size"), e.getMessage());
        e = rejected(handmade(ts, w -> w.write(new DeltaOp.Zero(5))), "too short");
        assertTrue(e.getMessage().contains("operations produce"), e.getMessage());
    }

    @Test
    void overlappingAndRepeatedExtentsStillNeedTheRightBytes() throws IOException {
        // Source extents may legally overlap (a block used twice); a wrong hash is still caught.
        byte[] twice = handmade(8192, w -> {
            w.write(new DeltaOp.Copy(0, 4096, sha(Arrays.copyOf(source, 4096))));
            w.write(new DeltaOp.Copy(2048, 4096, sha("not these bytes".getBytes())));
        });
        DeltaException e = rejected(twice, "overlap with wrong hash");
        assertTrue(e instanceof DeltaFormatException && e.getMessage().contains("although the source image matches"),
                e.toString());
    }

    @Test
    void copyChainMustBeClosedByAHashedCopy() throws IOException {
        byte[] open = handmade(target.length, w -> {
            w.write(new DeltaOp.CopyPart(0, 4096));
            w.write(new DeltaOp.Data(Codec.RAW, target.length - 4096, new byte[32], new byte[target.length - 4096]));
        });
        DeltaException e = rejected(open, "unclosed chain");
        assertTrue(e instanceof DeltaFormatException && e.getMessage().contains("not closed by a COPY"), e.toString());
        byte[] wrong = handmade(8192, w -> {
            w.write(new DeltaOp.CopyPart(0, 4096));
            w.write(new DeltaOp.Copy(4096, 4096, sha(Arrays.copyOfRange(source, 4096, 8192))));
        });
        e = rejected(wrong, "chain hash covering only its last part");
        assertTrue(e instanceof DeltaFormatException && e.getMessage().contains("closing the chain from operation #0"),
                e.toString());
    }

    @Test
    void dataThatDecodesWrongIsATargetMismatch() throws IOException {
        byte[] d = handmade(target.length, w -> {
            byte[] payload = Arrays.copyOf(target, target.length);
            payload[0] ^= 1;
            w.write(new DeltaOp.Data(Codec.RAW, target.length, sha(target), payload));
        });
        assertTrue(target.length <= DeltaConstants.MAX_OP_BUFFER);
        DeltaException e = rejected(d, "raw data flipped");
        assertTrue(e instanceof TargetMismatchException, e.toString());
    }

    private interface Ops {
        void write(DeltaWriter w) throws IOException;
    }

    /** A delta with a valid header (real source hash, declared target size) and the given operations. */
    private byte[] handmade(long targetSize, Ops ops) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DeltaWriter w = new DeltaWriter(b, DeltaHeader.of(4096, source.length, sha(source), targetSize, sha(target)));
        try {
            ops.write(w);
            w.finish();
        } catch (IllegalArgumentException | IllegalStateException writerRefused) {
            // The writer refuses some of what we want to test; write END by hand.
            b.write(0);
            b.write((int) w.opCount());
        }
        return b.toByteArray();
    }

    private static byte[] sha(byte[] b) {
        return Sha256.of(b, 0, b.length);
    }

    private DeltaException rejected(byte[] bad, String what) throws IOException {
        Files.deleteIfExists(out);
        try {
            new DeltaApplier(DeltaApplier.Options.defaults()).apply(src, new ByteArrayInputStream(bad), out,
                    Optional.empty());
        } catch (DeltaException e) {
            assertFalse(Files.exists(out), what + ": the output looks complete");
            assertFalse(Files.exists(DeltaApplier.partialOf(out)), what + ": the partial output was left behind");
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": unchecked exception", e);
        }
        fail(what + ": accepted");
        return null;
    }
}
