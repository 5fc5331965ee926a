package dev.twinroot.partitioner.mbr;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The 512-byte MBR as a value: boot code, 32-bit disk signature, the two reserved bytes, four entries and
 * the boot signature. Every 512-byte string decodes to one of these and encodes back to the same bytes, so
 * validity is a separate question ({@link MbrValidator}).
 */
public record MbrTable(byte[] bootCode, long diskSignature, int reserved, List<MbrEntry> entries, int bootSignature) {

    public MbrTable {
        if (bootCode.length != MbrConstants.BOOT_CODE_SIZE) {
            throw new IllegalArgumentException("MBR boot code must be " + MbrConstants.BOOT_CODE_SIZE + " bytes, found " + bootCode.length);
        }
        bootCode = bootCode.clone();
        if (diskSignature < 0 || diskSignature > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("MBR disk signature must be 32 bits, found " + diskSignature);
        }
        if (entries.size() != MbrConstants.ENTRY_COUNT) {
            throw new IllegalArgumentException("an MBR has " + MbrConstants.ENTRY_COUNT + " entries, found " + entries.size());
        }
        entries = List.copyOf(entries);
        if ((reserved & ~0xFFFF) != 0 || (bootSignature & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("MBR reserved and boot signature fields are 16 bits");
        }
    }

    /** A table with no boot code: what partitioning tools write on a blank disk. */
    public static MbrTable of(long diskSignature, List<MbrEntry> entries) {
        return new MbrTable(new byte[MbrConstants.BOOT_CODE_SIZE], diskSignature, 0, entries, MbrConstants.BOOT_SIGNATURE);
    }

    @Override
    public byte[] bootCode() {
        return bootCode.clone();
    }

    public MbrEntry entry(int number) {
        return entries.get(number - 1);
    }

    public MbrTable withEntry(int number, MbrEntry entry) {
        MbrEntry[] copy = entries.toArray(MbrEntry[]::new);
        copy[number - 1] = entry;
        return new MbrTable(bootCode, diskSignature, reserved, List.of(copy), bootSignature);
    }

    /** The disk identifier as fdisk and sfdisk print it: {@code 0x} and eight hex digits. */
    public String diskId() {
        return String.format("0x%08x", diskSignature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MbrTable t && Arrays.equals(bootCode, t.bootCode) && diskSignature == t.diskSignature
                && reserved == t.reserved && entries.equals(t.entries) && bootSignature == t.bootSignature;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bootCode) + entries.hashCode() + Long.hashCode(diskSignature) + reserved + bootSignature;
    }

    @Override
    public String toString() {
        boolean blank = Arrays.equals(bootCode, new byte[MbrConstants.BOOT_CODE_SIZE]);
        return "MbrTable[diskSignature=" + diskId() + ", reserved=" + reserved + ", entries=" + entries
                + ", bootSignature=0x" + HexFormat.of().toHexDigits((short) bootSignature)
                + ", bootCode=" + (blank ? "zero" : "present") + "]";
    }
}
