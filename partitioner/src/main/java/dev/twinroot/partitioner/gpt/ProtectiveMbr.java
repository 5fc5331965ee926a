package dev.twinroot.partitioner.gpt;

import dev.twinroot.partitioner.mbr.Chs;
import dev.twinroot.partitioner.mbr.MbrConstants;
import dev.twinroot.partitioner.mbr.MbrEntry;
import dev.twinroot.partitioner.mbr.MbrTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MBR in LBA 0 of a GPT disk: one entry of type 0xEE from LBA 1 over the whole disk (or 2^32 - 1
 * sectors if larger), so that MBR-only tools see the disk as in use.
 */
public final class ProtectiveMbr {

    private ProtectiveMbr() {
    }

    /** A protective MBR for a disk of {@code diskSectors}, keeping boot code and signature of {@code existing}. */
    public static MbrTable of(long diskSectors, Optional<MbrTable> existing) {
        long sectors = expectedSectors(diskSectors);
        MbrEntry protective = new MbrEntry(MbrConstants.STATUS_INACTIVE, Chs.of(1), MbrConstants.TYPE_GPT_PROTECTIVE,
                Chs.of(sectors), 1, sectors);
        List<MbrEntry> entries = List.of(protective, MbrEntry.EMPTY, MbrEntry.EMPTY, MbrEntry.EMPTY);
        return existing.filter(m -> m.bootSignature() == MbrConstants.BOOT_SIGNATURE)
                .map(m -> new MbrTable(m.bootCode(), m.diskSignature(), 0, entries, MbrConstants.BOOT_SIGNATURE))
                .orElse(MbrTable.of(0, entries));
    }

    static long expectedSectors(long diskSectors) {
        return Math.min(diskSectors - 1, MbrConstants.MAX_SECTORS);
    }

    /**
     * Problems with {@code mbr} as the protective MBR of a disk of {@code diskSectors}. Other entries next to
     * the 0xEE one (a hybrid MBR) are allowed, as sgdisk allows them.
     */
    public static List<String> check(MbrTable mbr, long diskSectors) {
        List<String> problems = new ArrayList<>();
        if (mbr.bootSignature() != MbrConstants.BOOT_SIGNATURE) {
            problems.add(String.format("protective MBR: boot signature at byte 510: expected 0x55 0xAA, found 0x%02x 0x%02x",
                    mbr.bootSignature() & 0xFF, mbr.bootSignature() >> 8));
            return problems;
        }
        List<Integer> protective = new ArrayList<>();
        for (int n = 1; n <= MbrConstants.ENTRY_COUNT; n++) {
            if (mbr.entry(n).type() == MbrConstants.TYPE_GPT_PROTECTIVE) {
                protective.add(n);
            }
        }
        if (protective.isEmpty()) {
            problems.add("protective MBR: no partition of type 0xee");
            return problems;
        }
        if (protective.size() > 1) {
            problems.add("protective MBR: " + protective.size() + " partitions of type 0xee, expected one");
        }
        int n = protective.get(0);
        MbrEntry e = mbr.entry(n);
        if (e.firstLba() != 1) {
            problems.add("protective MBR: partition " + n + " (type 0xee) starts at LBA " + e.firstLba() + ", expected 1");
        }
        long expected = expectedSectors(diskSectors);
        if (e.sectors() != expected) {
            problems.add("protective MBR: partition " + n + " (type 0xee) covers " + e.sectors() + " sectors, expected "
                    + expected + (e.sectors() < expected ? " (the disk grew: run repair)" : ""));
        }
        if (e.status() != MbrConstants.STATUS_INACTIVE) {
            problems.add(String.format("protective MBR: partition %d (type 0xee) has status 0x%02x, expected 0x00", n, e.status()));
        }
        return problems;
    }
}
