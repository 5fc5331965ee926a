package dev.twinroot.partitioner.gpt;

import dev.twinroot.partitioner.MemoryDisk;
import dev.twinroot.partitioner.SectorRun;
import dev.twinroot.partitioner.mbr.MbrCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/** Random valid GPTs for property tests: every call with the same Random state gives the same table. */
final class RandomTables {

    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz-_ 0123456789ÄÖüßéαβγ€中文";

    private RandomTables() {
    }

    static GptTable gpt(Random r) {
        int sectorSize = r.nextBoolean() ? 512 : 4096;
        int entrySize = r.nextInt(4) == 0 ? 256 : 128;
        int entryCount = new int[] {128, 128, 129, 200, 256}[r.nextInt(5)];
        long arraySectors = Math.max(1, (long) entryCount * entrySize / sectorSize + ((long) entryCount * entrySize % sectorSize == 0 ? 0 : 1));
        long diskSectors = 2 * (2 + arraySectors) + 1 + r.nextInt(800);
        GptTable empty = GptTable.create(sectorSize, diskSectors, UUID.randomUUID(), entryCount, entrySize, List.of());
        List<GptEntry> entries = new ArrayList<>(empty.entries());
        long cursor = empty.firstUsableLba();
        int used = r.nextInt(Math.min(entryCount, 12) + 1);
        for (int i = 0; i < used && cursor <= empty.lastUsableLba(); i++) {
            long start = cursor + r.nextInt(20);
            if (start > empty.lastUsableLba()) {
                break;
            }
            long end = Math.min(empty.lastUsableLba(), start + r.nextInt(400));
            int slot = r.nextInt(entryCount);
            while (entries.get(slot).isUsed()) {
                slot = (slot + 1) % entryCount;
            }
            entries.set(slot, new GptEntry(new UUID(r.nextLong(), r.nextLong()), new UUID(r.nextLong(), r.nextLong() | 1),
                    start, end, r.nextLong() & ~GptConstants.RESERVED_ATTRIBUTES, name(r)));
            cursor = end + 1;
        }
        return new GptTable(sectorSize, diskSectors, new UUID(r.nextLong(), r.nextLong() | 1), empty.firstUsableLba(),
                empty.lastUsableLba(), empty.primaryEntriesLba(), entrySize, entries);
    }

    static String name(Random r) {
        StringBuilder sb = new StringBuilder();
        int length = r.nextInt(GptConstants.NAME_CHARS + 1);
        for (int i = 0; i < length; i++) {
            sb.append(NAME_CHARS.charAt(r.nextInt(NAME_CHARS.length())));
        }
        return sb.toString();
    }

    /** A zeroed disk holding {@code t} with its protective MBR. */
    static MemoryDisk disk(GptTable t) {
        MemoryDisk disk = new MemoryDisk(t.sectorSize(), t.diskSectors());
        write(t, disk);
        return disk;
    }

    static void write(GptTable t, MemoryDisk disk) {
        for (SectorRun run : GptCodec.encode(t)) {
            disk.write(run.lba(), run.bytes());
        }
        disk.write(0, MbrCodec.encodeSector(ProtectiveMbr.of(t.diskSectors(), Optional.empty()), t.sectorSize()));
    }
}
