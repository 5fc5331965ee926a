package dev.twinroot.partitioner.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.partitioner.MemoryDisk;
import dev.twinroot.partitioner.PartitionException;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.partitioner.SectorRun;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Any bytes as a disk: reading, verifying, repairing and growing give a value or a PartitionException,
 * never an unchecked exception or a hang. The first byte picks the sector size; the rest is the disk.
 * Seeds: a small valid GPT disk (readAnyBytes/small-gpt-16-entries-40-sectors.bin).
 */
class GptReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void readAnyBytes(byte[] data) throws IOException {
        int sectorSize = data.length > 0 && (data[0] & 1) == 1 ? 4096 : 512;
        MemoryDisk disk = MemoryDisk.of(sectorSize, data.length > 0 ? Arrays.copyOfRange(data, 1, data.length) : data);
        try {
            GptReading reading = GptReader.read(disk);
            if (reading.table().isPresent()) {
                GptTable t = reading.table().get();
                // Whatever was read re-encodes and reads back as the same table.
                MemoryDisk copy = MemoryDisk.of(sectorSize, disk.bytes());
                for (SectorRun run : GptCodec.encode(t)) {
                    run.writeTo(copy);
                }
                assertEquals(t, GptReader.read(copy).table().orElseThrow());
            }
            GptRepair.plan(reading);
        } catch (PartitionException expected) {
            // a table nobody can use: the documented outcome
        }
        Partitioner partitioner = new Partitioner(new Random(0));
        for (int i = 0; i < 2; i++) {
            try {
                partitioner.verify(disk);
                partitioner.read(disk);
                partitioner.repair(disk);
                partitioner.grow(disk, OptionalInt.empty());
            } catch (PartitionException expected) {
                // as above
            }
        }
    }
}
