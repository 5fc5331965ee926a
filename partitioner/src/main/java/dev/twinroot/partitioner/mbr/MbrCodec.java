package dev.twinroot.partitioner.mbr;

import static dev.twinroot.partitioner.mbr.MbrConstants.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** 512 bytes <-> {@link MbrTable}, field for field. Decoding never fails on content: it is all raw fields. */
public final class MbrCodec {

    private MbrCodec() {
    }

    /** Decodes the first 512 bytes of {@code sector}, which must hold at least that many. */
    public static MbrTable decode(byte[] sector) {
        if (sector.length < SIZE) {
            throw new IllegalArgumentException("an MBR is " + SIZE + " bytes, given " + sector.length);
        }
        ByteBuffer b = ByteBuffer.wrap(sector, 0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        List<MbrEntry> entries = new ArrayList<>(ENTRY_COUNT);
        for (int i = 0; i < ENTRY_COUNT; i++) {
            int at = ENTRIES_OFFSET + i * ENTRY_SIZE;
            entries.add(new MbrEntry(
                    b.get(at + ENTRY_STATUS) & 0xFF,
                    u24(sector, at + ENTRY_FIRST_CHS),
                    b.get(at + ENTRY_TYPE) & 0xFF,
                    u24(sector, at + ENTRY_LAST_CHS),
                    Integer.toUnsignedLong(b.getInt(at + ENTRY_FIRST_LBA)),
                    Integer.toUnsignedLong(b.getInt(at + ENTRY_SECTORS))));
        }
        return new MbrTable(Arrays.copyOf(sector, BOOT_CODE_SIZE),
                Integer.toUnsignedLong(b.getInt(DISK_SIGNATURE_OFFSET)),
                b.getShort(RESERVED_OFFSET) & 0xFFFF,
                entries,
                b.getShort(BOOT_SIGNATURE_OFFSET) & 0xFFFF);
    }

    /** The 512 bytes of {@code table}. */
    public static byte[] encode(MbrTable table) {
        byte[] out = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        System.arraycopy(table.bootCode(), 0, out, 0, BOOT_CODE_SIZE);
        b.putInt(DISK_SIGNATURE_OFFSET, (int) table.diskSignature());
        b.putShort(RESERVED_OFFSET, (short) table.reserved());
        for (int i = 0; i < ENTRY_COUNT; i++) {
            MbrEntry e = table.entries().get(i);
            int at = ENTRIES_OFFSET + i * ENTRY_SIZE;
            b.put(at + ENTRY_STATUS, (byte) e.status());
            putU24(out, at + ENTRY_FIRST_CHS, e.firstChs());
            b.put(at + ENTRY_TYPE, (byte) e.type());
            putU24(out, at + ENTRY_LAST_CHS, e.lastChs());
            b.putInt(at + ENTRY_FIRST_LBA, (int) e.firstLba());
            b.putInt(at + ENTRY_SECTORS, (int) e.sectors());
        }
        b.putShort(BOOT_SIGNATURE_OFFSET, (short) table.bootSignature());
        return out;
    }

    /** The MBR bytes at the start of a whole sector of {@code sectorSize} bytes, the rest zero. */
    public static byte[] encodeSector(MbrTable table, int sectorSize) {
        return Arrays.copyOf(encode(table), sectorSize);
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
    }

    private static void putU24(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
    }
}
