package dev.twinroot.partitioner.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.partitioner.DiskLabel;
import dev.twinroot.partitioner.MemoryDisk;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.partitioner.SectorRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The first-boot grow of a GPT disk that grew, cut by a power loss after every sector it writes: each flushed
 * write is whole or not there, and the sectors of the write in flight land in any subset. After every cut the
 * table must still read, repair must accept it, and growing again must reach the same disk as an uncut grow.
 */
class GrowPowerCutTest {

    private static final Partitioner PARTITIONER = new Partitioner(new Random(1));

    @Test
    void aCutAtAnySectorLeavesATableThatRepairAndGrowFinish() throws IOException {
        Random r = new Random(20261128);
        int checked = 0;
        for (int i = 0; i < 60; i++) {
            GptTable t = RandomTables.gpt(r);
            if (t.partitionNumbers().isEmpty()) {
                continue;
            }
            // Small growths put the new backup over the old one; large ones leave it behind, stale.
            long grownBy = r.nextBoolean() ? 1 + r.nextInt((int) t.entryArraySectors() + 2) : 1 + r.nextInt(2000);
            MemoryDisk before = grownDisk(t, grownBy, r);
            List<SectorRun> writes = growWrites(before);
            byte[] finished = apply(before, writes, writes.size());
            for (List<SectorRun> cut : cuts(writes, t.sectorSize(), r)) {
                MemoryDisk disk = MemoryDisk.of(t.sectorSize(), apply(before, cut, cut.size()));
                String where = "table " + i + " grown by " + grownBy + " cut after " + describe(cut);
                DiskLabel label = PARTITIONER.read(disk);
                assertTrue(label.partitions().size() == t.partitionNumbers().size(), where);
                PARTITIONER.repair(disk);
                assertEquals(List.of(), PARTITIONER.verify(disk), where);
                PARTITIONER.grow(disk, OptionalInt.empty());
                assertEquals(List.of(), PARTITIONER.verify(disk), where);
                assertEquals(PARTITIONER.read(MemoryDisk.of(t.sectorSize(), finished)), PARTITIONER.read(disk), where);
                checked++;
            }
        }
        assertTrue(checked > 400, "only " + checked + " cuts checked");
    }

    @Test
    void writingThePrimaryEntriesBeforeItsHeaderWouldLoseTheTable() throws IOException {
        // The order GptCodec.encode used before: shown to fail here, so the test above can fail.
        Random r = new Random(7);
        int lost = 0;
        for (int i = 0; i < 200; i++) {
            GptTable t = RandomTables.gpt(r);
            if (t.partitionNumbers().isEmpty()) {
                continue;
            }
            MemoryDisk before = grownDisk(t, 1, r);
            List<SectorRun> writes = new ArrayList<>(growWrites(before));
            SectorRun header = writes.get(2);
            writes.set(2, writes.get(3));
            writes.set(3, header);
            MemoryDisk disk = MemoryDisk.of(t.sectorSize(), apply(before, writes, 3));
            try {
                PARTITIONER.read(disk);
            } catch (dev.twinroot.partitioner.CorruptTableException e) {
                lost++;
            }
        }
        assertTrue(lost > 50, "the old order lost the table " + lost + " times");
    }

    /** {@code t} on a disk {@code grownBy} sectors larger, the new tail holding whatever a used card holds. */
    private static MemoryDisk grownDisk(GptTable t, long grownBy, Random r) {
        byte[] old = RandomTables.disk(t).bytes();
        byte[] grown = new byte[Math.toIntExact((t.diskSectors() + grownBy) * t.sectorSize())];
        r.nextBytes(grown);
        System.arraycopy(old, 0, grown, 0, old.length);
        return MemoryDisk.of(t.sectorSize(), grown);
    }

    /** What {@link Partitioner#grow} writes, recorded on a copy of the disk. */
    private static List<SectorRun> growWrites(MemoryDisk disk) throws IOException {
        List<SectorRun> writes = new ArrayList<>();
        MemoryDisk copy = MemoryDisk.of(disk.sectorSize(), disk.bytes());
        PARTITIONER.grow(new dev.twinroot.partitioner.Disk() {
            @Override
            public int sectorSize() {
                return copy.sectorSize();
            }

            @Override
            public long sectors() {
                return copy.sectors();
            }

            @Override
            public byte[] read(long lba, int count) {
                return copy.read(lba, count);
            }

            @Override
            public void write(long lba, byte[] data) {
                writes.add(new SectorRun(lba, data));
                copy.write(lba, data);
            }

            @Override
            public void flush() {
            }
        }, OptionalInt.empty());
        assertTrue(writes.size() >= 4, "a grown disk needs both GPT copies written, got " + writes.size() + " writes");
        return writes;
    }

    /** Every whole-write prefix, plus, for the write in flight, its empty, full and some random sector subsets. */
    private static List<List<SectorRun>> cuts(List<SectorRun> writes, int sectorSize, Random r) {
        List<List<SectorRun>> cuts = new ArrayList<>();
        for (int k = 0; k < writes.size(); k++) {
            List<SectorRun> done = writes.subList(0, k);
            cuts.add(List.copyOf(done));
            SectorRun inFlight = writes.get(k);
            for (int attempt = 0; attempt < 4; attempt++) {
                List<SectorRun> cut = new ArrayList<>(done);
                int sectors = inFlight.bytes().length / sectorSize;
                for (int s = 0; s < sectors; s++) {
                    if (r.nextBoolean()) {
                        byte[] one = java.util.Arrays.copyOfRange(inFlight.bytes(), s * sectorSize, (s + 1) * sectorSize);
                        cut.add(new SectorRun(inFlight.lba() + s, one));
                    }
                }
                cuts.add(cut);
            }
        }
        return cuts;
    }

    private static byte[] apply(MemoryDisk disk, List<SectorRun> runs, int count) {
        MemoryDisk copy = MemoryDisk.of(disk.sectorSize(), disk.bytes());
        for (SectorRun run : runs.subList(0, count)) {
            copy.write(run.lba(), run.bytes());
        }
        return copy.bytes();
    }

    private static String describe(List<SectorRun> cut) {
        return cut.stream().map(w -> w.lba() + "+" + w.bytes().length).toList().toString();
    }
}
