package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigpipe.jbsdiff.DefaultDiffSettings;
import io.sigpipe.jbsdiff.Diff;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;

class BsPatchTest {

    @Test
    void appliesJbsdiffBzip2PatchesAndOurXzOnes() throws Exception {
        for (int seed = 0; seed < 30; seed++) {
            Random rnd = new Random(seed);
            byte[] old = Images.image(rnd, 1 + rnd.nextInt(100_000));
            byte[] nu = Images.edit(rnd, old);
            if (nu.length == 0) {
                continue;
            }
            ByteArrayOutputStream bz = new ByteArrayOutputStream();
            Diff.diff(old, nu, bz, new DefaultDiffSettings(CompressorStreamFactory.BZIP2));
            assertArrayEquals(nu, BsPatch.apply(old, bz.toByteArray(), nu.length, "test"), "bzip2, seed " + seed);
            byte[] best = BsDiff.diff(old, nu);
            assertTrue(best.length <= bz.size(), "seed " + seed);
            assertArrayEquals(nu, BsPatch.apply(old, best, nu.length, "test"), "best, seed " + seed);
        }
    }

    @Test
    void controlTriplesThatOverrunTheOutputAreRejected() throws Exception {
        DeltaFormatException e = assertThrows(DeltaFormatException.class,
                () -> BsPatch.apply(new byte[10], patch(100, 0, 0, 16), 16, "op"));
        assertTrue(e.getMessage().contains("overruns"), e.getMessage());
        e = assertThrows(DeltaFormatException.class, () -> BsPatch.apply(new byte[10], patch(-1, 0, 0, 16), 16, "op"));
        assertTrue(e.getMessage().contains("overruns"), e.getMessage());
    }

    @Test
    void controlTriplesThatMakeNoProgressEnd() throws Exception {
        DeltaFormatException e = assertThrows(DeltaFormatException.class,
                () -> BsPatch.apply(new byte[10], patch(0, 0, 5, 16), 16, "op"));
        assertTrue(e.getMessage().contains("ends early") || e.getMessage().contains("no progress"), e.getMessage());
    }

    @Test
    void declaredOutputSizeMustMatchTheOperation() throws Exception {
        DeltaFormatException e = assertThrows(DeltaFormatException.class,
                () -> BsPatch.apply(new byte[10], patch(16, 0, 0, 16), 17, "op"));
        assertTrue(e.getMessage().contains("builds 16 bytes"), e.getMessage());
    }

    /** A BSDIFF40 patch whose control block repeats one triple many times, with empty diff and extra blocks. */
    private static byte[] patch(long add, long copy, long seek, long newSize) throws Exception {
        ByteBuffer triples = ByteBuffer.allocate(24 * 1000).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1000; i++) {
            triples.putLong(off(add)).putLong(off(copy)).putLong(off(seek));
        }
        byte[] ctrl = bzip2(triples.array());
        byte[] empty = bzip2(new byte[0]);
        ByteBuffer b = ByteBuffer.allocate(32 + ctrl.length + 2 * empty.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("BSDIFF40".getBytes()).putLong(ctrl.length).putLong(empty.length).putLong(newSize);
        return b.put(ctrl).put(empty).put(empty).array();
    }

    private static long off(long v) {
        return v < 0 ? (-v) | Long.MIN_VALUE : v;
    }

    private static byte[] bzip2(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out)) {
            bz.write(data);
        }
        return out.toByteArray();
    }
}
