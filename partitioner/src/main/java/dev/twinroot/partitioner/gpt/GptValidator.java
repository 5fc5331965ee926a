package dev.twinroot.partitioner.gpt;

import dev.twinroot.partitioner.Sectors;
import static dev.twinroot.partitioner.gpt.GptConstants.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rules of UEFI 2.10 section 5.3.2-5.3.3, each violation one line naming the copy, the field, what was
 * expected and what was found. Header rules decide whether a copy can be used at all; table rules are about
 * a usable table's contents.
 */
public final class GptValidator {

    private GptValidator() {
    }

    /**
     * Problems with the header in {@code sector}, read from {@code lba} of a disk of {@code diskSectors}.
     * An empty list means the header can be trusted to locate and size its entry array.
     */
    public static List<String> checkHeader(String copy, GptHeader h, byte[] sector, long lba, long diskSectors) {
        String where = copy + " GPT header (LBA " + lba + ")";
        List<String> problems = new ArrayList<>();
        if (h.signature() != SIGNATURE) {
            problems.add(String.format("%s: signature: expected 'EFI PART', found 0x%016x", where, Long.reverseBytes(h.signature())));
            return problems; // nothing else means anything without it
        }
        if (h.headerSize() < HEADER_SIZE || h.headerSize() > sector.length) {
            problems.add(where + ": header size: expected " + HEADER_SIZE + " to " + sector.length + " (the sector size), found " + h.headerSize());
            return problems;
        }
        int crc = GptCodec.headerCrc(sector, (int) h.headerSize());
        if (crc != h.headerCrc32()) {
            problems.add(String.format("%s: header CRC32: stored 0x%08x, computed 0x%08x", where, h.headerCrc32(), crc));
            return problems; // the other fields may be any garbage
        }
        if (h.revision() != REVISION_1_0) {
            problems.add(String.format("%s: revision: expected 0x%08x (1.0), found 0x%08x", where, REVISION_1_0, h.revision()));
        }
        if (h.reserved() != 0) {
            problems.add(String.format("%s: reserved field at offset 20: expected 0, found 0x%08x", where, h.reserved()));
        }
        for (int i = HEADER_SIZE; i < h.headerSize(); i++) {
            if (sector[i] != 0) {
                problems.add(where + ": reserved bytes " + HEADER_SIZE + "-" + (h.headerSize() - 1) + " must be zero, byte " + i + " is not");
                break;
            }
        }
        if (h.myLba() != lba) {
            problems.add(where + ": my LBA: expected " + lba + ", found " + h.myLba());
        }
        boolean primary = lba == PRIMARY_HEADER_LBA;
        if (!primary && h.alternateLba() != PRIMARY_HEADER_LBA) {
            problems.add(where + ": alternate LBA: expected " + PRIMARY_HEADER_LBA + ", found " + h.alternateLba());
        }
        if (primary && (h.alternateLba() <= PRIMARY_HEADER_LBA || h.alternateLba() >= diskSectors)) {
            problems.add(where + ": alternate LBA " + h.alternateLba() + " is outside the disk's LBAs 2-" + (diskSectors - 1)
                    + (h.alternateLba() >= diskSectors ? " (the disk shrank?)" : ""));
        }
        if (h.entrySize() < MIN_ENTRY_SIZE || h.entrySize() > MAX_ENTRY_SIZE || Long.bitCount(h.entrySize()) != 1) {
            problems.add(where + ": size of partition entry: expected 128 * 2^n (at most " + MAX_ENTRY_SIZE + "), found " + h.entrySize());
            return problems;
        }
        if (h.entryCount() == 0 || h.entryArrayBytes() > MAX_ENTRY_ARRAY_BYTES) {
            problems.add(where + ": number of partition entries: expected 1 to " + MAX_ENTRY_ARRAY_BYTES / h.entrySize()
                    + " entries of " + h.entrySize() + " bytes, found " + h.entryCount());
            return problems;
        }
        long arraySectors = Sectors.ceilDiv(h.entryArrayBytes(), sector.length);
        long arrayEnd = h.entriesLba() + arraySectors - 1; // may overflow, but only when entriesLba is already out of range
        if (h.entriesLba() < PRIMARY_ENTRIES_LBA || h.entriesLba() >= diskSectors || arrayEnd >= diskSectors) {
            problems.add(where + ": partition entry LBA " + h.entriesLba() + ": the " + arraySectors
                    + "-sector array must lie inside LBAs 2-" + (diskSectors - 1));
        } else if (h.entriesLba() <= lba && arrayEnd >= lba) {
            problems.add(where + ": partition entry array (LBAs " + h.entriesLba() + "-" + arrayEnd + ") overlaps the header itself");
        }
        return problems;
    }

    /** Problems with the entry array's CRC: {@code array} holds at least the header's array bytes. */
    public static List<String> checkEntriesCrc(String copy, GptHeader h, byte[] array) {
        int crc = GptCodec.crc(array, 0, (int) h.entryArrayBytes());
        if (crc != h.entriesCrc32()) {
            return List.of(String.format("%s GPT partition entries (LBA %d): entry array CRC32: stored 0x%08x, computed 0x%08x",
                    copy, h.entriesLba(), h.entriesCrc32(), crc));
        }
        return List.of();
    }

    /** Problems with the layout and the partitions of a table whose headers were intact. */
    public static List<String> checkTable(GptTable t) {
        List<String> problems = new ArrayList<>();
        long primaryArrayEnd = t.primaryEntriesLba() + t.entryArraySectors() - 1;
        if (t.firstUsableLba() <= primaryArrayEnd) {
            problems.add("GPT: first usable LBA " + t.firstUsableLba() + " is inside the primary entry array (LBAs "
                    + t.primaryEntriesLba() + "-" + primaryArrayEnd + ")");
        }
        if (t.lastUsableLba() >= t.backupEntriesLba()) {
            problems.add("GPT: last usable LBA " + t.lastUsableLba() + " reaches the backup entry array at LBA " + t.backupEntriesLba());
        }
        if (t.firstUsableLba() > t.lastUsableLba()) {
            problems.add("GPT: first usable LBA " + t.firstUsableLba() + " is after last usable LBA " + t.lastUsableLba());
        }
        if (t.entryArrayBytes() < MIN_ENTRY_ARRAY_BYTES) {
            problems.add("GPT: the partition entry array is " + t.entryArrayBytes() + " bytes, the spec requires at least "
                    + MIN_ENTRY_ARRAY_BYTES + " (" + t.entries().size() + " entries of " + t.entrySize() + " bytes)");
        }
        if (t.diskGuid().equals(GptEntry.UNUSED_TYPE)) {
            problems.add("GPT: disk GUID is all zeros");
        }
        Map<UUID, Integer> seen = new HashMap<>();
        for (int n : t.partitionNumbers()) {
            GptEntry e = t.entries().get(n - 1);
            String where = "GPT partition " + n;
            if (e.firstLba() > e.lastLba()) {
                problems.add(where + ": starts at LBA " + e.firstLba() + ", after its end at LBA " + e.lastLba());
            } else if (e.firstLba() < t.firstUsableLba() || e.lastLba() > t.lastUsableLba()) {
                problems.add(where + ": LBAs " + e.firstLba() + "-" + e.lastLba() + " are outside the usable LBAs "
                        + t.firstUsableLba() + "-" + t.lastUsableLba());
            }
            if (e.uniqueGuid().equals(GptEntry.UNUSED_TYPE)) {
                problems.add(where + ": unique partition GUID is all zeros");
            } else {
                Integer other = seen.putIfAbsent(e.uniqueGuid(), n);
                if (other != null) {
                    problems.add(where + ": unique partition GUID " + e.uniqueGuid() + " is also partition " + other + "'s");
                }
            }
            if ((e.attributes() & RESERVED_ATTRIBUTES) != 0) {
                problems.add(String.format("%s: reserved attribute bits 3-47 must be zero, found 0x%016x", where, e.attributes() & RESERVED_ATTRIBUTES));
            }
        }
        List<Integer> byStart = t.partitionNumbers().stream()
                .filter(n -> t.entries().get(n - 1).firstLba() <= t.entries().get(n - 1).lastLba())
                .sorted(Comparator.comparingLong(n -> t.entries().get(n - 1).firstLba())).toList();
        // Sorted by start, a partition overlaps an earlier one exactly when it starts before the furthest end
        // so far: linear after the sort, whatever a hostile array holds.
        int furthest = -1;
        for (int n : byStart) {
            GptEntry next = t.entries().get(n - 1);
            if (furthest > 0) {
                GptEntry prev = t.entries().get(furthest - 1);
                if (next.firstLba() <= prev.lastLba()) {
                    problems.add("GPT partitions " + furthest + " and " + n + " overlap: LBAs "
                            + prev.firstLba() + "-" + prev.lastLba() + " and " + next.firstLba() + "-" + next.lastLba());
                }
            }
            if (furthest < 0 || next.lastLba() > t.entries().get(furthest - 1).lastLba()) {
                furthest = n;
            }
        }
        return problems;
    }
}
