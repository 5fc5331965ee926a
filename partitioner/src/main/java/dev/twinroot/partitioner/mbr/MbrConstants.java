package dev.twinroot.partitioner.mbr;

/** Offsets and values of the classic DOS master boot record (first 512 bytes of LBA 0). */
public final class MbrConstants {

    private MbrConstants() {
    }

    /** The MBR is 512 bytes even on a disk with 4096-byte sectors; the rest of LBA 0 is not part of it. */
    public static final int SIZE = 512;
    public static final int BOOT_CODE_SIZE = 440;
    public static final int DISK_SIGNATURE_OFFSET = 440;
    public static final int RESERVED_OFFSET = 444;
    public static final int ENTRIES_OFFSET = 446;
    public static final int ENTRY_SIZE = 16;
    public static final int ENTRY_COUNT = 4;
    public static final int BOOT_SIGNATURE_OFFSET = 510;
    /** Bytes 0x55 0xAA, read as a little-endian 16-bit value. */
    public static final int BOOT_SIGNATURE = 0xAA55;

    // Offsets inside one 16-byte entry.
    public static final int ENTRY_STATUS = 0;
    public static final int ENTRY_FIRST_CHS = 1;
    public static final int ENTRY_TYPE = 4;
    public static final int ENTRY_LAST_CHS = 5;
    public static final int ENTRY_FIRST_LBA = 8;
    public static final int ENTRY_SECTORS = 12;

    public static final int STATUS_INACTIVE = 0x00;
    public static final int STATUS_ACTIVE = 0x80;

    public static final int TYPE_EMPTY = 0x00;
    public static final int TYPE_GPT_PROTECTIVE = 0xEE;
    /** CHS extended, LBA extended and Linux extended: containers of logical partitions. */
    public static final int TYPE_EXTENDED_CHS = 0x05;
    public static final int TYPE_EXTENDED_LBA = 0x0F;
    public static final int TYPE_EXTENDED_LINUX = 0x85;

    /** LBA fields are 32 bits: nothing can start or extend past this sector count. */
    public static final long MAX_SECTORS = 0xFFFF_FFFFL;

    public static boolean isExtended(int type) {
        return type == TYPE_EXTENDED_CHS || type == TYPE_EXTENDED_LBA || type == TYPE_EXTENDED_LINUX;
    }
}
