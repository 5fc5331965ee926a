package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private void checkRoundTrip(int seed, byte[] src, byte[] tgt, DeltaGenerator.Options options) throws Exception {
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
    }
}
