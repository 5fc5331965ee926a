package dev.twinroot.partitioner.mbr;

/**
 * Cylinder/head/sector addresses, packed the MBR way (head; sector | cylinder bits 8-9 << 6; cylinder
 * bits 0-7). Nothing modern reads them, but old firmware does, so we fill them from the LBA with the usual
 * 255-head, 63-sector geometry and saturate at 1023/254/63 past 8 GiB, as fdisk and sgdisk do.
 */
public final class Chs {

    private Chs() {
    }

    static final int HEADS = 255;
    static final int SECTORS_PER_TRACK = 63;
    /** The packed value of cylinder 1023, head 254, sector 63: "beyond CHS range". */
    public static final int MAX = 0xFFFFFE;

    /** The packed 24-bit CHS address of {@code lba}, as stored little-endian in an entry. */
    public static int of(long lba) {
        long cylinder = lba / (HEADS * SECTORS_PER_TRACK);
        if (cylinder > 1023) {
            return MAX;
        }
        int head = (int) ((lba / SECTORS_PER_TRACK) % HEADS);
        int sector = (int) (lba % SECTORS_PER_TRACK) + 1;
        int c = (int) cylinder;
        int b0 = head;
        int b1 = sector | ((c >> 2) & 0xC0);
        int b2 = c & 0xFF;
        return b0 | (b1 << 8) | (b2 << 16);
    }
}
