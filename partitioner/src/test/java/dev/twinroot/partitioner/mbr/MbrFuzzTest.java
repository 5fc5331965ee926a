package dev.twinroot.partitioner.mbr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.partitioner.MemoryDisk;
import dev.twinroot.partitioner.PartitionException;
import dev.twinroot.partitioner.Partitioner;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Any bytes as an MBR disk of 512-byte sectors: the codec round-trips the first sector exactly, and reading,
 * verifying and growing give a value or a PartitionException. Seed: a DOS table made by sfdisk.
 */
class MbrFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void readAnyBytes(byte[] data) throws IOException {
        byte[] sector = Arrays.copyOf(data, Math.max(512, data.length));
        assertArrayEquals(Arrays.copyOf(sector, 512), MbrCodec.encode(MbrCodec.decode(sector)));
        MemoryDisk disk = MemoryDisk.of(512, sector);
        MbrValidator.check(MbrCodec.decode(sector), disk.sectors());
        Partitioner partitioner = new Partitioner(new Random(0));
        try {
            partitioner.verify(disk);
            partitioner.read(disk);
            partitioner.grow(disk, OptionalInt.of(1 + (data.length > 0 ? data[0] & 3 : 0)));
        } catch (PartitionException expected) {
            // not a usable table: the documented outcome
        }
    }
}
