package dev.twinroot.partitioner.mbr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MbrRoundTripPropertyTest {

    @Test
    void anySectorDecodesAndEncodesBackToTheSameBytes() {
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            byte[] sector = new byte[512];
            r.nextBytes(sector);
            assertArrayEquals(sector, MbrCodec.encode(MbrCodec.decode(sector)), "iteration " + i);
        }
    }

    @Test
    void validTablesSurviveEncodeAndDecodeAndPassValidation() {
        Random r = new Random(2);
        for (int i = 0; i < 2000; i++) {
            long disk = 4096 + r.nextInt(1 << 24);
            List<MbrEntry> entries = new ArrayList<>();
            long cursor = 1 + r.nextInt(4096);
            for (int n = 0; n < 4; n++) {
                long size = 1 + r.nextInt(1 << 20);
                if (r.nextInt(4) == 0 || cursor + size > disk) {
                    entries.add(MbrEntry.EMPTY);
                    continue;
                }
                int type = new int[] {0x0c, 0x83, 0x82, 0xef, 0x07}[r.nextInt(5)];
                entries.add(MbrEntry.of(type, cursor, size, r.nextBoolean()));
                cursor += size + r.nextInt(100);
            }
            MbrTable t = MbrTable.of(r.nextLong() & 0xFFFF_FFFFL, entries);
            assertEquals(t, MbrCodec.decode(MbrCodec.encode(t)), "iteration " + i);
            assertEquals(List.of(), MbrValidator.check(t, disk), "iteration " + i);
        }
    }

    @Test
    void chsSaturatesPast1023Cylinders() {
        assertEquals(0x000200, Chs.of(1)); // head 0, sector 2, cylinder 0
        assertEquals(0x000100 | 1, Chs.of(63)); // head 1, sector 1
        assertEquals(Chs.MAX, Chs.of(1024L * 255 * 63));
        // 2048 = cylinder 0, head 32, sector 33: bytes 20 21 00 as fdisk writes for a partition at 1 MiB.
        assertEquals(0x002120, Chs.of(2048));
    }
}
