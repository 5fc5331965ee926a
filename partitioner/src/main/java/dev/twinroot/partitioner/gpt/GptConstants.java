package dev.twinroot.partitioner.gpt;

/** Offsets, sizes and values of the GUID Partition Table (UEFI 2.10, section 5.3). */
public final class GptConstants {

    private GptConstants() {
    }

    /** "EFI PART" read as a little-endian 64-bit value. */
    public static final long SIGNATURE = 0x5452415020494645L;
    public static final int REVISION_1_0 = 0x0001_0000;
    /** Size of the defined header fields; the header-size field may say more (up to a sector), never less. */
    public static final int HEADER_SIZE = 92;

    public static final long PRIMARY_HEADER_LBA = 1;
    public static final long PRIMARY_ENTRIES_LBA = 2;

    // Header field offsets.
    public static final int SIGNATURE_OFFSET = 0;
    public static final int REVISION_OFFSET = 8;
    public static final int HEADER_SIZE_OFFSET = 12;
    public static final int HEADER_CRC_OFFSET = 16;
    public static final int RESERVED_OFFSET = 20;
    public static final int MY_LBA_OFFSET = 24;
    public static final int ALTERNATE_LBA_OFFSET = 32;
    public static final int FIRST_USABLE_OFFSET = 40;
    public static final int LAST_USABLE_OFFSET = 48;
    public static final int DISK_GUID_OFFSET = 56;
    public static final int ENTRIES_LBA_OFFSET = 72;
    public static final int ENTRY_COUNT_OFFSET = 80;
    public static final int ENTRY_SIZE_OFFSET = 84;
    public static final int ENTRIES_CRC_OFFSET = 88;

    // Entry field offsets.
    public static final int TYPE_GUID_OFFSET = 0;
    public static final int UNIQUE_GUID_OFFSET = 16;
    public static final int FIRST_LBA_OFFSET = 32;
    public static final int LAST_LBA_OFFSET = 40;
    public static final int ATTRIBUTES_OFFSET = 48;
    public static final int NAME_OFFSET = 56;
    public static final int NAME_BYTES = 72;
    /** UTF-16 code units in a partition name. */
    public static final int NAME_CHARS = 36;

    public static final int DEFAULT_ENTRY_COUNT = 128;
    /** The entry size must be 128 * 2^n. */
    public static final int MIN_ENTRY_SIZE = 128;
    /** The spec reserves at least this much for the entry array. */
    public static final int MIN_ENTRY_ARRAY_BYTES = 16_384;

    /** Caps on untrusted header values, far above what any tool writes, so a header cannot make us allocate gigabytes. */
    public static final int MAX_ENTRY_SIZE = 4096;
    public static final int MAX_ENTRY_ARRAY_BYTES = 4 << 20;

    /** Bits 3-47 of the attributes are reserved; 48-63 belong to the partition type. */
    public static final long RESERVED_ATTRIBUTES = 0x0000_FFFF_FFFF_FFF8L;
}
