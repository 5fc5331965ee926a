package dev.twinroot.partitioner.gpt;

import dev.twinroot.partitioner.Sectors;
import dev.twinroot.partitioner.Disk;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A whole GPT as a value: what both headers and entry arrays say, plus where it sits (sector size, disk
 * size). {@code entries} is the full array, unused slots included, so entry {@code i} is partition
 * {@code i + 1}. The backup copy always sits at the end of the disk: its entries right before its header.
 */
public record GptTable(
        int sectorSize,
        long diskSectors,
        UUID diskGuid,
        long firstUsableLba,
        long lastUsableLba,
        long primaryEntriesLba,
        int entrySize,
        List<GptEntry> entries) {

    public GptTable {
        Disk.checkSectorSize(sectorSize);
        if (entrySize < GptConstants.MIN_ENTRY_SIZE || entrySize > GptConstants.MAX_ENTRY_SIZE || Integer.bitCount(entrySize) != 1) {
            throw new IllegalArgumentException("GPT entry size must be 128 * 2^n up to " + GptConstants.MAX_ENTRY_SIZE + ", found " + entrySize);
        }
        if (entries.isEmpty() || (long) entries.size() * entrySize > GptConstants.MAX_ENTRY_ARRAY_BYTES) {
            throw new IllegalArgumentException("GPT entry array of " + entries.size() + " entries of " + entrySize
                    + " bytes: must be 1 to " + GptConstants.MAX_ENTRY_ARRAY_BYTES + " bytes");
        }
        entries = List.copyOf(entries);
        long metadata = 2 * (2 + Sectors.ceilDiv((long) entries.size() * entrySize, sectorSize));
        if (diskSectors < metadata) {
            throw new IllegalArgumentException("a disk of " + diskSectors + " sectors cannot hold a GPT of " + metadata + " sectors");
        }
    }

    /**
     * The standard placement: primary entries at LBA 2, usable space from right after them to right before
     * the backup entries. {@code partitions} fill the first slots; the rest of the {@code entryCount} are unused.
     */
    public static GptTable create(int sectorSize, long diskSectors, UUID diskGuid, int entryCount, int entrySize,
                                  List<GptEntry> partitions) {
        if (partitions.size() > entryCount) {
            throw new IllegalArgumentException(partitions.size() + " partitions do not fit in " + entryCount + " GPT entries");
        }
        List<GptEntry> all = new ArrayList<>(partitions);
        while (all.size() < entryCount) {
            all.add(GptEntry.UNUSED);
        }
        long arraySectors = Sectors.ceilDiv((long) entryCount * entrySize, sectorSize);
        return new GptTable(sectorSize, diskSectors, diskGuid, GptConstants.PRIMARY_ENTRIES_LBA + arraySectors,
                diskSectors - 2 - arraySectors, GptConstants.PRIMARY_ENTRIES_LBA, entrySize, all);
    }

    public long lastLba() {
        return diskSectors - 1;
    }

    public int entryArrayBytes() {
        return entries.size() * entrySize;
    }

    public long entryArraySectors() {
        return Sectors.ceilDiv(entryArrayBytes(), sectorSize);
    }

    public long backupEntriesLba() {
        return lastLba() - entryArraySectors();
    }

    /** The last usable LBA the standard placement gives on this disk: where it moves when the disk grows. */
    public long maxLastUsableLba() {
        return backupEntriesLba() - 1;
    }

    /** Partition {@code number} (1-based), if that slot exists and is used. */
    public Optional<GptEntry> partition(int number) {
        if (number < 1 || number > entries.size() || !entries.get(number - 1).isUsed()) {
            return Optional.empty();
        }
        return Optional.of(entries.get(number - 1));
    }

    /** Numbers of the used slots, in slot order. */
    public List<Integer> partitionNumbers() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).isUsed()) {
                out.add(i + 1);
            }
        }
        return out;
    }

    public GptTable withEntry(int number, GptEntry entry) {
        List<GptEntry> copy = new ArrayList<>(entries);
        copy.set(number - 1, entry);
        return new GptTable(sectorSize, diskSectors, diskGuid, firstUsableLba, lastUsableLba, primaryEntriesLba, entrySize, copy);
    }

    /** The same table on a disk of {@code sectors}: the backup moves to the new end, the usable range with it. */
    public GptTable onDiskOf(long sectors) {
        GptTable moved = new GptTable(sectorSize, sectors, diskGuid, firstUsableLba, lastUsableLba, primaryEntriesLba, entrySize, entries);
        return new GptTable(sectorSize, sectors, diskGuid, firstUsableLba, moved.maxLastUsableLba(), primaryEntriesLba, entrySize, entries);
    }
}
