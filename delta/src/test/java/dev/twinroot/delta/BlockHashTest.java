package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockHashTest {

    /** Rolling must give exactly the hash of the block at the new offset, or moved data is never found. */
    @Test
    void rollingEqualsHashingAtEveryOffset() {
        for (int seed = 0; seed < 200; seed++) {
            Random rnd = new Random(seed);
            int len = 1 + rnd.nextInt(5000);
            byte[] b = new byte[len + 1 + rnd.nextInt(3000)];
            // Runs of equal bytes as well as noise: images are full of both.
            for (int i = 0; i < b.length; i++) {
                b[i] = rnd.nextInt(3) == 0 ? (byte) 0xFF : (byte) rnd.nextInt(256);
            }
            long factor = BlockHash.outFactor(len);
            long h = BlockHash.of(b, 0, len);
            for (int k = 1; k + len <= b.length; k++) {
                h = BlockHash.roll(h, b[k - 1], b[k + len - 1], factor);
                assertEquals(BlockHash.of(b, k, len), h, "seed " + seed + ", offset " + k);
            }
        }
    }
}
