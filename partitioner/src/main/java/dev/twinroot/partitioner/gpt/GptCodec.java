package dev.twinroot.partitioner.gpt;

import static dev.twinroot.partitioner.gpt.GptConstants.*;

import dev.twinroot.partitioner.SectorRun;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Bytes <-> GPT records. Decoding takes any bytes of the right length and checks nothing; CRCs are
 * computed here and compared by {@link GptValidator}. GUIDs are stored the Microsoft way: the first three
 * fields little-endian, the last eight bytes as written.
 */
public final class GptCodec {

    private GptCodec() {
    }

    public static GptHeader decodeHeader(byte[] sector) {
        if (sector.length < HEADER_SIZE) {
            throw new IllegalArgumentException("a GPT header is " + HEADER_SIZE + " bytes, given " + sector.length);
        }
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        return new GptHeader(
                b.getLong(SIGNATURE_OFFSET),
                b.getInt(REVISION_OFFSET),
                Integer.toUnsignedLong(b.getInt(HEADER_SIZE_OFFSET)),
                b.getInt(HEADER_CRC_OFFSET),
                b.getInt(RESERVED_OFFSET),
                b.getLong(MY_LBA_OFFSET),
                b.getLong(ALTERNATE_LBA_OFFSET),
                b.getLong(FIRST_USABLE_OFFSET),
                b.getLong(LAST_USABLE_OFFSET),
                readGuid(sector, DISK_GUID_OFFSET),
                b.getLong(ENTRIES_LBA_OFFSET),
                Integer.toUnsignedLong(b.getInt(ENTRY_COUNT_OFFSET)),
                Integer.toUnsignedLong(b.getInt(ENTRY_SIZE_OFFSET)),
                b.getInt(ENTRIES_CRC_OFFSET));
    }

    /** A whole sector holding {@code h}; bytes past the 92 defined ones are zero. */
    public static byte[] encodeHeader(GptHeader h, int sectorSize) {
        byte[] out = new byte[sectorSize];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(SIGNATURE_OFFSET, h.signature());
        b.putInt(REVISION_OFFSET, h.revision());
        b.putInt(HEADER_SIZE_OFFSET, (int) h.headerSize());
        b.putInt(HEADER_CRC_OFFSET, h.headerCrc32());
        b.putInt(RESERVED_OFFSET, h.reserved());
        b.putLong(MY_LBA_OFFSET, h.myLba());
        b.putLong(ALTERNATE_LBA_OFFSET, h.alternateLba());
        b.putLong(FIRST_USABLE_OFFSET, h.firstUsableLba());
        b.putLong(LAST_USABLE_OFFSET, h.lastUsableLba());
        writeGuid(out, DISK_GUID_OFFSET, h.diskGuid());
        b.putLong(ENTRIES_LBA_OFFSET, h.entriesLba());
        b.putInt(ENTRY_COUNT_OFFSET, (int) h.entryCount());
        b.putInt(ENTRY_SIZE_OFFSET, (int) h.entrySize());
        b.putInt(ENTRIES_CRC_OFFSET, h.entriesCrc32());
        return out;
    }

    /** CRC32 of the first {@code headerSize} bytes of {@code sector} with the CRC field taken as zero. */
    public static int headerCrc(byte[] sector, int headerSize) {
        byte[] copy = java.util.Arrays.copyOf(sector, headerSize);
        for (int i = 0; i < 4; i++) {
            copy[HEADER_CRC_OFFSET + i] = 0;
        }
        return crc(copy, 0, headerSize);
    }

    public static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    public static GptEntry decodeEntry(byte[] b, int offset) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int nameEnd = 0;
        while (nameEnd < NAME_BYTES && (b[offset + NAME_OFFSET + nameEnd] != 0 || b[offset + NAME_OFFSET + nameEnd + 1] != 0)) {
            nameEnd += 2;
        }
        // Bytes after the terminating NUL are not kept: the spec gives them no meaning and we write zeros.
        String name = new String(b, offset + NAME_OFFSET, nameEnd, StandardCharsets.UTF_16LE);
        return new GptEntry(
                readGuid(b, offset + TYPE_GUID_OFFSET),
                readGuid(b, offset + UNIQUE_GUID_OFFSET),
                buf.getLong(offset + FIRST_LBA_OFFSET),
                buf.getLong(offset + LAST_LBA_OFFSET),
                buf.getLong(offset + ATTRIBUTES_OFFSET),
                name.replace('\0', '\uFFFD'));
    }

    /** Writes the first 128 bytes of an entry; bytes past 128 in a larger entry stay as they are (zero). */
    public static void encodeEntry(GptEntry e, byte[] b, int offset) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        writeGuid(b, offset + TYPE_GUID_OFFSET, e.typeGuid());
        writeGuid(b, offset + UNIQUE_GUID_OFFSET, e.uniqueGuid());
        buf.putLong(offset + FIRST_LBA_OFFSET, e.firstLba());
        buf.putLong(offset + LAST_LBA_OFFSET, e.lastLba());
        buf.putLong(offset + ATTRIBUTES_OFFSET, e.attributes());
        byte[] name = e.name().getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(name, 0, b, offset + NAME_OFFSET, Math.min(name.length, NAME_BYTES));
    }

    /** Decodes {@code count} entries of {@code entrySize} bytes; the caller has checked the array holds them. */
    public static List<GptEntry> decodeEntries(byte[] array, int count, int entrySize) {
        List<GptEntry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(decodeEntry(array, i * entrySize));
        }
        return out;
    }

    /** The entry array of {@code t}, padded with zeros to whole sectors. */
    public static byte[] encodeEntries(GptTable t) {
        byte[] out = new byte[Math.toIntExact(t.entryArraySectors() * t.sectorSize())];
        for (int i = 0; i < t.entries().size(); i++) {
            encodeEntry(t.entries().get(i), out, i * t.entrySize());
        }
        return out;
    }

    /** The primary or backup header of {@code t}, both CRCs filled in. */
    public static GptHeader header(GptTable t, boolean primary) {
        return header(t, primary, crc(encodeEntries(t), 0, t.entryArrayBytes()));
    }

    private static GptHeader header(GptTable t, boolean primary, int entriesCrc) {
        GptHeader h = new GptHeader(SIGNATURE, REVISION_1_0, HEADER_SIZE, 0, 0,
                primary ? PRIMARY_HEADER_LBA : t.lastLba(),
                primary ? t.lastLba() : PRIMARY_HEADER_LBA,
                t.firstUsableLba(), t.lastUsableLba(), t.diskGuid(),
                primary ? t.primaryEntriesLba() : t.backupEntriesLba(),
                t.entries().size(), t.entrySize(), entriesCrc);
        int crc = headerCrc(encodeHeader(h, t.sectorSize()), HEADER_SIZE);
        return new GptHeader(h.signature(), h.revision(), h.headerSize(), crc, h.reserved(), h.myLba(), h.alternateLba(),
                h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), h.entriesLba(), h.entryCount(), h.entrySize(), h.entriesCrc32());
    }

    /**
     * Both copies of {@code t}, in the order to write them, each flushed before the next: backup entries,
     * backup header, primary header, primary entries (the protective MBR is separate: see
     * {@link ProtectiveMbr}). Whatever write a power cut interrupts, one copy is intact and found:
     * <ul>
     * <li>until the primary header is written, the old primary is intact (its entries are untouched);</li>
     * <li>from then on the new backup is complete, and the new primary header points at it (alternate LBA) even
     * while its own entries are still the old ones. Writing the primary entries before the primary header
     * would instead leave the old header pointing at the old backup, which a disk that grew by fewer sectors
     * than the backup needs has just overwritten with the new backup's entries.</li>
     * </ul>
     * Linux reads the backup of a GPT whose primary is damaged only with the {@code gpt} kernel parameter;
     * U-Boot, GRUB, UEFI and this module's reader always do.
     */
    public static List<SectorRun> encode(GptTable t) {
        byte[] entries = encodeEntries(t);
        int entriesCrc = crc(entries, 0, t.entryArrayBytes());
        return List.of(
                new SectorRun(t.backupEntriesLba(), entries),
                new SectorRun(t.lastLba(), encodeHeader(header(t, false, entriesCrc), t.sectorSize())),
                new SectorRun(PRIMARY_HEADER_LBA, encodeHeader(header(t, true, entriesCrc), t.sectorSize())),
                new SectorRun(t.primaryEntriesLba(), entries));
    }

    /** The table a (validated) header and its entries describe, on a disk of {@code diskSectors}. */
    public static GptTable table(GptHeader h, List<GptEntry> entries, int sectorSize, long diskSectors, long primaryEntriesLba) {
        return new GptTable(sectorSize, diskSectors, h.diskGuid(), h.firstUsableLba(), h.lastUsableLba(),
                primaryEntriesLba, (int) h.entrySize(), entries);
    }

    public static UUID readGuid(byte[] b, int at) {
        ByteBuffer le = ByteBuffer.wrap(b, at, 16).order(ByteOrder.LITTLE_ENDIAN);
        long d1 = Integer.toUnsignedLong(le.getInt(at));
        long d2 = le.getShort(at + 4) & 0xFFFFL;
        long d3 = le.getShort(at + 6) & 0xFFFFL;
        long high = d1 << 32 | d2 << 16 | d3;
        long low = ByteBuffer.wrap(b, at + 8, 8).order(ByteOrder.BIG_ENDIAN).getLong(at + 8);
        return new UUID(high, low);
    }

    public static void writeGuid(byte[] b, int at, UUID guid) {
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long high = guid.getMostSignificantBits();
        le.putInt(at, (int) (high >>> 32));
        le.putShort(at + 4, (short) (high >>> 16));
        le.putShort(at + 6, (short) high);
        ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).putLong(at + 8, guid.getLeastSignificantBits());
    }
}
