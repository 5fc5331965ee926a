package dev.twinroot.partitioner.mbr;

/**
 * One of the four 16-byte MBR partition entries, field for field. CHS values are the packed 24-bit form;
 * LBA and sector count are unsigned 32-bit values held in longs.
 */
public record MbrEntry(int status, int firstChs, int type, int lastChs, long firstLba, long sectors) {

    public static final MbrEntry EMPTY = new MbrEntry(0, 0, 0, 0, 0, 0);

    public MbrEntry {
        checkRange("status", status, 0xFF);
        checkRange("first CHS", firstChs, 0xFFFFFF);
        checkRange("type", type, 0xFF);
        checkRange("last CHS", lastChs, 0xFFFFFF);
        checkRange("first LBA", firstLba, MbrConstants.MAX_SECTORS);
        checkRange("sector count", sectors, MbrConstants.MAX_SECTORS);
    }

    /** An entry for sectors {@code firstLba}..{@code firstLba + sectors - 1}, CHS filled from the LBAs. */
    public static MbrEntry of(int type, long firstLba, long sectors, boolean bootable) {
        return new MbrEntry(bootable ? MbrConstants.STATUS_ACTIVE : MbrConstants.STATUS_INACTIVE,
                Chs.of(firstLba), type, Chs.of(firstLba + sectors - 1), firstLba, sectors);
    }

    public boolean isUsed() {
        return type != MbrConstants.TYPE_EMPTY;
    }

    public boolean isBootable() {
        return status == MbrConstants.STATUS_ACTIVE;
    }

    /** Last sector, inclusive; {@code firstLba - 1} for an entry of zero sectors. */
    public long lastLba() {
        return firstLba + sectors - 1;
    }

    private static void checkRange(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("MBR entry " + field + " must be in 0.." + max + ", found " + value);
        }
    }
}
