package dev.twinroot.partitioner.mbr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Checks a DOS partition table against a disk of a given size. Each problem is one line naming the
 * structure and field. CHS fields are not checked: Linux, UEFI and the Raspberry Pi firmware ignore them,
 * and tools disagree on the geometry.
 */
public final class MbrValidator {

    private MbrValidator() {
    }

    public static List<String> check(MbrTable table, long diskSectors) {
        List<String> problems = new ArrayList<>();
        if (table.bootSignature() != MbrConstants.BOOT_SIGNATURE) {
            problems.add(String.format("MBR: boot signature at byte 510: expected 0x55 0xAA, found 0x%02x 0x%02x",
                    table.bootSignature() & 0xFF, table.bootSignature() >> 8));
        }
        for (int n = 1; n <= MbrConstants.ENTRY_COUNT; n++) {
            MbrEntry e = table.entry(n);
            String where = "MBR partition " + n;
            if (e.status() != MbrConstants.STATUS_INACTIVE && e.status() != MbrConstants.STATUS_ACTIVE) {
                problems.add(String.format("%s: status byte: expected 0x00 or 0x80, found 0x%02x", where, e.status()));
            }
            if (!e.isUsed()) {
                continue;
            }
            if (e.type() == MbrConstants.TYPE_GPT_PROTECTIVE) {
                problems.add(where + ": type 0xee marks a GPT disk, but no GPT header was found at LBA 1");
            }
            if (MbrConstants.isExtended(e.type())) {
                problems.add(String.format("%s: extended partition (type 0x%02x): logical partitions are not supported", where, e.type()));
            }
            if (e.firstLba() == 0) {
                problems.add(where + ": first LBA is 0, the MBR's own sector");
            }
            if (e.sectors() == 0) {
                problems.add(where + ": sector count is 0");
            } else if (e.lastLba() >= diskSectors) {
                problems.add(where + ": ends at LBA " + e.lastLba() + ", past the last LBA " + (diskSectors - 1) + " of the disk");
            }
        }
        List<Integer> used = IntStream.rangeClosed(1, MbrConstants.ENTRY_COUNT)
                .filter(n -> table.entry(n).isUsed() && table.entry(n).sectors() > 0)
                .boxed().sorted(Comparator.comparingLong(n -> table.entry(n).firstLba())).toList();
        for (int i = 1; i < used.size(); i++) {
            MbrEntry prev = table.entry(used.get(i - 1));
            MbrEntry next = table.entry(used.get(i));
            if (next.firstLba() <= prev.lastLba()) {
                problems.add("MBR partitions " + used.get(i - 1) + " and " + used.get(i) + " overlap: LBAs "
                        + prev.firstLba() + "-" + prev.lastLba() + " and " + next.firstLba() + "-" + next.lastLba());
            }
        }
        return problems;
    }
}
