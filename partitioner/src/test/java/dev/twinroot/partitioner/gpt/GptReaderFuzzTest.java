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
        exercise(disk(data));
    }

    /**
     * The same, after making both header CRCs and entry-array CRCs right, so that mutations reach the rules
     * behind the CRC checks (a fuzzer cannot forge a CRC32 by itself).
     */
    @FuzzTest(maxDuration = "60s")
    void readWithFixedCrcs(byte[] data) throws IOException {
        MemoryDisk disk = disk(data);
        if (disk.sectors() > 2) {
            fixCrcs(disk, 1);
            fixCrcs(disk, disk.sectors() - 1);
        }
        exercise(disk);
    }

    private static MemoryDisk disk(byte[] data) {
        int sectorSize = data.length > 0 && (data[0] & 1) == 1 ? 4096 : 512;
        return MemoryDisk.of(sectorSize, data.length > 0 ? Arrays.copyOfRange(data, 1, data.length) : data);
    }

    private static void fixCrcs(MemoryDisk disk, long lba) {
        byte[] sector = disk.read(lba, 1);
        GptHeader h = GptCodec.decodeHeader(sector);
        long arrayBytes = h.entryCount() * h.entrySize();
        if (h.entrySize() > 0 && h.entrySize() <= GptConstants.MAX_ENTRY_SIZE && arrayBytes > 0
                && arrayBytes <= GptConstants.MAX_ENTRY_ARRAY_BYTES && h.entriesLba() >= 0
                && h.entriesLba() + (arrayBytes + disk.sectorSize() - 1) / disk.sectorSize() <= disk.sectors()) {
            byte[] array = disk.read(h.entriesLba(), (int) ((arrayBytes + disk.sectorSize() - 1) / disk.sectorSize()));
            java.nio.ByteBuffer.wrap(sector).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putInt(GptConstants.ENTRIES_CRC_OFFSET, GptCodec.crc(array, 0, (int) arrayBytes));
        }
        if (h.headerSize() >= GptConstants.HEADER_SIZE && h.headerSize() <= sector.length) {
            java.nio.ByteBuffer.wrap(sector).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putInt(GptConstants.HEADER_CRC_OFFSET, GptCodec.headerCrc(sector, (int) h.headerSize()));
        }
        disk.write(lba, sector);
    }

    private static void exercise(MemoryDisk disk) throws IOException {
        int sectorSize = disk.sectorSize();
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
