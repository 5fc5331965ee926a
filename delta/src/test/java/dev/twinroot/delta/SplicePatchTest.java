package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SPLICE instruction stream: what {@link SpliceBuilder} writes, {@link SplicePatch} rebuilds; nothing else passes. */
class SplicePatchTest {

    @Test
    void randomLiteralsAndCopiesRoundTrip() throws IOException {
        for (int seed = 0; seed < 500; seed++) {
            Random rnd = new Random(seed);
            byte[] source = new byte[1 + rnd.nextInt(100_000)];
            rnd.nextBytes(source);
            long start = rnd.nextInt(source.length + 1000);
            SpliceBuilder builder = new SpliceBuilder(start);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            int pieces = 1 + rnd.nextInt(40);
            for (int i = 0; i < pieces; i++) {
                if (rnd.nextBoolean()) {
                    byte[] lit = new byte[rnd.nextInt(300)];
                    rnd.nextBytes(lit);
                    builder.literal(lit, 0, lit.length);
                    expected.writeBytes(lit);
                } else {
                    int s = rnd.nextInt(source.length);
                    int len = 1 + rnd.nextInt(Math.min(5000, source.length - s));
                    builder.copy(s, len);
                    expected.write(source, s, len);
                }
            }
            byte[] want = expected.toByteArray();
            if (want.length == 0) {
                continue;
            }
            assertEquals(want.length, builder.length());
            byte[] stream = builder.finish();
            byte[] got = SplicePatch.apply(new MemoryChannel(source), source.length, start, stream, stream.length,
                    want.length, "seed " + seed);
            assertArrayEquals(want, got, "seed " + seed);
        }
    }

    @Test
    void aCopyNearTheCursorTakesFewBytes() throws IOException {
        byte[] source = new byte[1 << 20];
        new Random(3).nextBytes(source);
        SpliceBuilder builder = new SpliceBuilder(500_000);
        byte[] lit = new byte[1000];
        builder.literal(lit, 0, lit.length);
        builder.copy(501_020, 24);
        byte[] stream = builder.finish();
        // instructions length (1); literal length (2), copy length (1), source delta +20 (1); the literal
        assertEquals(1 + 2 + 1 + 1 + 1000, stream.length);
    }

    @Test
    void corruptedStreamsFailWithTheModulesException() {
        byte[] source = new byte[50_000];
        new Random(9).nextBytes(source);
        for (int seed = 0; seed < 3000; seed++) {
            Random rnd = new Random(seed);
            SpliceBuilder builder = new SpliceBuilder(rnd.nextInt(60_000));
            int target = 0;
            for (int i = 0; i < 1 + rnd.nextInt(8); i++) {
                byte[] lit = new byte[rnd.nextInt(50)];
                builder.literal(lit, 0, lit.length);
                int s = rnd.nextInt(source.length - 100);
                builder.copy(s, 1 + rnd.nextInt(100));
            }
            target = builder.length();
            byte[] stream = builder.finish();
            byte[] bad = stream.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
            }
            int cut = rnd.nextInt(4) == 0 ? rnd.nextInt(bad.length) : bad.length;
            int length = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2 * target) : target;
            try {
                byte[] out = SplicePatch.apply(new MemoryChannel(source), source.length, rnd.nextInt(60_000),
                        bad, cut, length, "op");
                assertEquals(length, out.length);
            } catch (DeltaFormatException expected) {
                assertTrue(expected.getMessage().startsWith("corrupted delta: op splice"), expected.getMessage());
            } catch (IOException e) {
                throw new AssertionError("seed " + seed + ": " + e, e);
            }
        }
    }

    @Test
    void copiesOutsideTheSourceAndEmptyInstructionsAreNamed() {
        byte[] source = new byte[100];
        // 4 instruction bytes: literal 0, copy 10 from cursor + 95 (zigzag 190): beyond the 100-byte source
        DeltaFormatException outside = assertThrows(DeltaFormatException.class, () -> SplicePatch.apply(
                new MemoryChannel(source), 100, 0, new byte[] {4, 0, 10, (byte) 190, 1}, 5, 10, "operation #4 SPLICE"));
        assertEquals("corrupted delta: operation #4 SPLICE splice instruction at stream byte 1 copies 10 bytes from"
                + " source offset 0 + (95), outside the source of 100 bytes", outside.getMessage());
        DeltaFormatException empty = assertThrows(DeltaFormatException.class, () -> SplicePatch.apply(
                new MemoryChannel(source), 100, 0, new byte[] {2, 0, 0}, 3, 10, "op"));
        assertTrue(empty.getMessage().contains("produces nothing"), empty.getMessage());
        DeltaFormatException shortStream = assertThrows(DeltaFormatException.class, () -> SplicePatch.apply(
                new MemoryChannel(source), 100, 0, new byte[] {2, 3, 0, 1, 2, 3}, 6, 10, "op"));
        assertEquals("corrupted delta: op splice stream builds 3 bytes, the operation says 10, and leaves 0 literal"
                + " bytes unused",
                shortStream.getMessage());
    }
}
