package dev.twinroot.delta;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.XZInputStream;

/**
 * Applies a BSDIFF40 patch (the layout of bsdiff 4 and of jbsdiff: three blocks, control, diff and
 * extra, each bzip2 or xz) to a source extent held in memory. Written here rather than calling jbsdiff's Patch because a
 * delta is untrusted: the output length, every control triple and every block length are checked, and a run
 * of control triples that make no progress cannot spin.
 */
final class BsPatch {

    private static final byte[] MAGIC = "BSDIFF40".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int HEADER = 32;
    private static final byte[] XZ_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
    /** Three blocks decode at once: 3 x 5 MiB keeps a BSDIFF operation inside a 64 MiB heap. */
    private static final int XZ_BLOCK_LIMIT_KIB = 5 * 1024;

    private BsPatch() {
    }

    static byte[] apply(byte[] source, byte[] patch, int targetLength, String where) throws DeltaFormatException {
        try {
            return applyUnchecked(source, patch, targetLength, where);
        } catch (DeltaFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DeltaFormatException("corrupted delta: " + where + " bsdiff patch: " + e.getMessage(), e);
        }
    }

    private static byte[] applyUnchecked(byte[] source, byte[] patch, int targetLength, String where)
            throws IOException {
        if (patch.length < HEADER || !java.util.Arrays.equals(patch, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DeltaFormatException("corrupted delta: " + where + " payload is not a BSDIFF40 patch");
        }
        long ctrlLength = offtin(patch, 8);
        long diffLength = offtin(patch, 16);
        long newSize = offtin(patch, 24);
        if (newSize != targetLength) {
            throw new DeltaFormatException("corrupted delta: " + where + " bsdiff patch builds " + newSize
                    + " bytes, the operation says " + targetLength);
        }
        if (ctrlLength < 0 || diffLength < 0 || ctrlLength + diffLength > patch.length - HEADER) {
            throw new DeltaFormatException("corrupted delta: " + where + " bsdiff block lengths " + ctrlLength + " + "
                    + diffLength + " exceed the " + (patch.length - HEADER) + " payload bytes");
        }
        int diffStart = HEADER + (int) ctrlLength;
        int extraStart = diffStart + (int) diffLength;
        byte[] target = new byte[targetLength];
        try (InputStream ctrl = block(patch, HEADER, (int) ctrlLength, where, "control");
             InputStream diff = block(patch, diffStart, (int) diffLength, where, "diff");
             InputStream extra = block(patch, extraStart, patch.length - extraStart, where, "extra")) {
            byte[] triple = new byte[24];
            int newPos = 0;
            long oldPos = 0;
            long idle = 0;
            while (newPos < targetLength) {
                readFully(ctrl, triple, 0, 24, where, "control");
                long add = offtin(triple, 0);
                long copy = offtin(triple, 8);
                long seek = offtin(triple, 16);
                if (add < 0 || copy < 0 || add > targetLength - newPos || copy > targetLength - newPos - add) {
                    throw new DeltaFormatException("corrupted delta: " + where + " bsdiff control (" + add + ", "
                            + copy + ") overruns the " + targetLength + "-byte target at " + newPos);
                }
                if (add + copy == 0 && ++idle > targetLength) {
                    throw new DeltaFormatException("corrupted delta: " + where + " bsdiff control makes no progress");
                }
                readFully(diff, target, newPos, (int) add, where, "diff");
                for (int i = 0; i < add; i++) {
                    long o = oldPos + i;
                    if (o >= 0 && o < source.length) {
                        target[newPos + i] += source[(int) o];
                    }
                }
                newPos += (int) add;
                oldPos = Math.addExact(oldPos, add);
                readFully(extra, target, newPos, (int) copy, where, "extra");
                newPos += (int) copy;
                oldPos = Math.addExact(oldPos, seek);
            }
        }
        return target;
    }

    /** A block is bzip2 (as bsdiff writes it) or xz with a dictionary of at most 4 MiB. */
    private static InputStream block(byte[] b, int off, int len, String where, String block) throws IOException {
        if (len >= 3 && b[off] == 'B' && b[off + 1] == 'Z' && b[off + 2] == 'h') {
            return new BZip2CompressorInputStream(new ByteArrayInputStream(b, off, len));
        }
        if (len >= XZ_MAGIC.length && java.util.Arrays.equals(b, off, off + XZ_MAGIC.length, XZ_MAGIC, 0,
                XZ_MAGIC.length)) {
            try {
                return new XZInputStream(new ByteArrayInputStream(b, off, len), XZ_BLOCK_LIMIT_KIB);
            } catch (MemoryLimitException e) {
                throw new DeltaFormatException("bad delta: " + where + " bsdiff " + block + " block needs "
                        + e.getMemoryNeeded() + " KiB to decode, the limit is " + XZ_BLOCK_LIMIT_KIB + " KiB");
            }
        }
        throw new DeltaFormatException("corrupted delta: " + where + " bsdiff " + block + " block is neither bzip2 nor xz");
    }

    private static void readFully(InputStream in, byte[] b, int off, int len, String where, String block)
            throws IOException {
        if (in.readNBytes(b, off, len) != len) {
            throw new DeltaFormatException("corrupted delta: " + where + " bsdiff " + block + " block ends early");
        }
    }

    /** bsdiff's offset encoding: 8 bytes little-endian magnitude, sign in the top bit. */
    static long offtin(byte[] b, int off) {
        long y = b[off + 7] & 0x7F;
        for (int i = 6; i >= 0; i--) {
            y = (y << 8) | (b[off + i] & 0xFF);
        }
        return (b[off + 7] & 0x80) != 0 ? -y : y;
    }
}
