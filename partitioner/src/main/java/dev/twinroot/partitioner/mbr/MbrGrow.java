package dev.twinroot.partitioner.mbr;

import dev.twinroot.partitioner.DoesNotFitException;
import dev.twinroot.partitioner.UnsupportedTableException;

/** Grows the last primary partition of a DOS table to the end of the disk (or of 32-bit addressing). */
public final class MbrGrow {

    private MbrGrow() {
    }

    public static MbrTable grow(MbrTable table, int number, long diskSectors) throws UnsupportedTableException, DoesNotFitException {
        if (number < 1 || number > MbrConstants.ENTRY_COUNT || !table.entry(number).isUsed()) {
            throw new UnsupportedTableException("MBR has no partition " + number);
        }
        MbrEntry entry = table.entry(number);
        for (int n = 1; n <= MbrConstants.ENTRY_COUNT; n++) {
            MbrEntry other = table.entry(n);
            if (n != number && other.isUsed() && other.lastLba() >= entry.lastLba()) {
                throw new DoesNotFitException("MBR partition " + number + " cannot grow: partition " + n
                        + " lies after it (LBAs " + other.firstLba() + "-" + other.lastLba() + "); only the last partition can grow");
            }
        }
        long sectors = Math.min(diskSectors - entry.firstLba(), MbrConstants.MAX_SECTORS);
        if (sectors < entry.sectors()) {
            throw new DoesNotFitException("MBR partition " + number + " ends at LBA " + entry.lastLba()
                    + ", past the disk's last LBA " + (diskSectors - 1));
        }
        return table.withEntry(number, MbrEntry.of(entry.type(), entry.firstLba(), sectors, entry.isBootable()));
    }
}
