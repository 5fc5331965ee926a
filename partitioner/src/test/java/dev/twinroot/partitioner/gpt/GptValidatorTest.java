package dev.twinroot.partitioner.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.partitioner.MemoryDisk;
import dev.twinroot.partitioner.mbr.MbrCodec;
import dev.twinroot.partitioner.mbr.MbrEntry;
import dev.twinroot.partitioner.mbr.MbrTable;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** One test per rule: each damages exactly one thing (CRCs recomputed where needed) and expects its line. */
class GptValidatorTest {

    private static final UUID LINUX = UUID.fromString("0FC63DAF-8483-4772-8E79-3D69D8477DE4");
    private static final long SECTORS = 2048;

    private static GptTable table(GptEntry... entries) {
        return GptTable.create(512, SECTORS, UUID.fromString("01234567-89ab-4def-8123-456789abcdef"), 128, 128, List.of(entries));
    }

    private static GptEntry entry(int n, long first, long last) {
        return new GptEntry(LINUX, new UUID(n, n), first, last, 0, "p" + n);
    }

    private static final GptTable VALID = table(entry(1, 34, 1000), entry(2, 1001, 2014));

    private static List<String> problems(MemoryDisk disk) throws IOException {
        return GptReader.read(disk).problems();
    }

    /** Replaces the header at {@code lba}, with a correct CRC unless the change is to the CRC itself. */
    private static void rewriteHeader(MemoryDisk disk, long lba, UnaryOperator<GptHeader> change) {
        GptHeader h = change.apply(GptCodec.decodeHeader(disk.read(lba, 1)));
        byte[] sector = GptCodec.encodeHeader(h, 512);
        int crc = GptCodec.headerCrc(sector, (int) Math.min(h.headerSize(), 512));
        sector = GptCodec.encodeHeader(new GptHeader(h.signature(), h.revision(), h.headerSize(), crc, h.reserved(), h.myLba(),
                h.alternateLba(), h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), h.entriesLba(), h.entryCount(), h.entrySize(),
                h.entriesCrc32()), 512);
        disk.write(lba, sector);
    }

    private static GptHeader with(GptHeader h, long firstUsable, long lastUsable) {
        return new GptHeader(h.signature(), h.revision(), h.headerSize(), 0, h.reserved(), h.myLba(), h.alternateLba(),
                firstUsable, lastUsable, h.diskGuid(), h.entriesLba(), h.entryCount(), h.entrySize(), h.entriesCrc32());
    }

    private static void assertOnly(List<String> problems, String expected) {
        assertEquals(1, problems.size(), () -> "expected one problem containing '" + expected + "', found " + problems);
        assertTrue(problems.get(0).contains(expected), () -> "expected '" + expected + "' in " + problems);
    }

    private static void assertHas(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), () -> "expected '" + expected + "' in " + problems);
    }

    @Test
    void aValidTableHasNoProblems() throws IOException {
        assertEquals(List.of(), problems(RandomTables.disk(VALID)));
    }

    @Test
    void signature() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        disk.write(1, new byte[512]);
        assertOnly(problems(disk), "primary GPT header (LBA 1): signature: expected 'EFI PART', found 0x0000000000000000");
    }

    @Test
    void revision() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, 1, h -> new GptHeader(h.signature(), 0x00020000, h.headerSize(), 0, 0, h.myLba(), h.alternateLba(),
                h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), h.entriesLba(), h.entryCount(), h.entrySize(), h.entriesCrc32()));
        assertOnly(problems(disk), "primary GPT header (LBA 1): revision: expected 0x00010000 (1.0), found 0x00020000");
    }

    @Test
    void headerSize() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, SECTORS - 1, h -> new GptHeader(h.signature(), h.revision(), 91, 0, 0, h.myLba(), h.alternateLba(),
                h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), h.entriesLba(), h.entryCount(), h.entrySize(), h.entriesCrc32()));
        assertOnly(problems(disk), "backup GPT header (LBA 2047): header size: expected 92 to 512 (the sector size), found 91");
    }

    @Test
    void headerCrc() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        byte[] sector = disk.read(1, 1);
        sector[60] ^= 1; // inside the disk GUID
        disk.write(1, sector);
        assertOnly(problems(disk), "primary GPT header (LBA 1): header CRC32: stored 0x");
    }

    @Test
    void myLba() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, 1, h -> new GptHeader(h.signature(), h.revision(), h.headerSize(), 0, 0, 5, h.alternateLba(),
                h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), h.entriesLba(), h.entryCount(), h.entrySize(), h.entriesCrc32()));
        assertOnly(problems(disk), "primary GPT header (LBA 1): my LBA: expected 1, found 5");
    }

    @Test
    void alternateLbaOfTheBackup() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, SECTORS - 1, h -> new GptHeader(h.signature(), h.revision(), h.headerSize(), 0, 0, h.myLba(), 7,
                h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), h.entriesLba(), h.entryCount(), h.entrySize(), h.entriesCrc32()));
        assertOnly(problems(disk), "backup GPT header (LBA 2047): alternate LBA: expected 1, found 7");
    }

    @Test
    void alternateLbaOfThePrimaryOutsideTheDisk() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, 1, h -> new GptHeader(h.signature(), h.revision(), h.headerSize(), 0, 0, h.myLba(), 5000,
                h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), h.entriesLba(), h.entryCount(), h.entrySize(), h.entriesCrc32()));
        assertOnly(problems(disk), "primary GPT header (LBA 1): alternate LBA 5000 is outside the disk's LBAs 2-2047 (the disk shrank?)");
    }

    @Test
    void reservedField() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, 1, h -> new GptHeader(h.signature(), h.revision(), h.headerSize(), 0, 0x1234, h.myLba(), h.alternateLba(),
                h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), h.entriesLba(), h.entryCount(), h.entrySize(), h.entriesCrc32()));
        assertOnly(problems(disk), "primary GPT header (LBA 1): reserved field at offset 20: expected 0, found 0x00001234");
    }

    @Test
    void firstUsableInsideTheEntryArray() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, 1, h -> with(h, 10, h.lastUsableLba()));
        rewriteHeader(disk, SECTORS - 1, h -> with(h, 10, h.lastUsableLba()));
        assertOnly(problems(disk), "GPT: first usable LBA 10 is inside the primary entry array (LBAs 2-33)");
    }

    @Test
    void lastUsableReachingTheBackupArray() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, 1, h -> with(h, h.firstUsableLba(), 2020));
        rewriteHeader(disk, SECTORS - 1, h -> with(h, h.firstUsableLba(), 2020));
        assertOnly(problems(disk), "GPT: last usable LBA 2020 reaches the backup entry array at LBA 2015");
    }

    @Test
    void firstUsableAfterLastUsable() throws IOException {
        MemoryDisk disk = RandomTables.disk(table());
        rewriteHeader(disk, 1, h -> with(h, 1500, 1400));
        rewriteHeader(disk, SECTORS - 1, h -> with(h, 1500, 1400));
        assertOnly(problems(disk), "GPT: first usable LBA 1500 is after last usable LBA 1400");
    }

    @Test
    void headersThatDisagree() throws IOException {
        MemoryDisk disk = RandomTables.disk(table());
        rewriteHeader(disk, 1, h -> with(h, 40, h.lastUsableLba()));
        assertOnly(problems(disk), "primary and backup GPT headers differ in first usable LBA: primary 40, backup 34");
    }

    @Test
    void entrySize() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, 1, h -> new GptHeader(h.signature(), h.revision(), h.headerSize(), 0, 0, h.myLba(), h.alternateLba(),
                h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), h.entriesLba(), h.entryCount(), 100, h.entriesCrc32()));
        assertOnly(problems(disk), "primary GPT header (LBA 1): size of partition entry: expected 128 * 2^n (at most 4096), found 100");
    }

    @Test
    void entryCountBeyondTheCap() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, 1, h -> new GptHeader(h.signature(), h.revision(), h.headerSize(), 0, 0, h.myLba(), h.alternateLba(),
                h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), h.entriesLba(), 0xFFFF_FFFFL, h.entrySize(), h.entriesCrc32()));
        assertOnly(problems(disk), "primary GPT header (LBA 1): number of partition entries: expected 1 to 32768 entries of 128 bytes, found 4294967295");
    }

    @Test
    void entryArrayOutsideTheDisk() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        rewriteHeader(disk, 1, h -> new GptHeader(h.signature(), h.revision(), h.headerSize(), 0, 0, h.myLba(), h.alternateLba(),
                h.firstUsableLba(), h.lastUsableLba(), h.diskGuid(), 2040, h.entryCount(), h.entrySize(), h.entriesCrc32()));
        assertOnly(problems(disk), "primary GPT header (LBA 1): partition entry LBA 2040: the 32-sector array must lie inside LBAs 2-2047");
    }

    @Test
    void entryArrayCrc() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        byte[] entries = disk.read(2, 1);
        entries[40] ^= 0x10;
        disk.write(2, entries);
        assertOnly(problems(disk), "primary GPT partition entries (LBA 2): entry array CRC32: stored 0x");
    }

    @Test
    void overlappingPartitions() throws IOException {
        assertOnly(problems(RandomTables.disk(table(entry(1, 34, 1000), entry(2, 900, 2014)))),
                "GPT partitions 1 and 2 overlap: LBAs 34-1000 and 900-2014");
    }

    @Test
    void aLongPartitionOverlappingTwoLaterOnes() throws IOException {
        List<String> p = problems(RandomTables.disk(table(entry(1, 34, 2000), entry(2, 100, 200), entry(3, 300, 400))));
        assertEquals(List.of("GPT partitions 1 and 2 overlap: LBAs 34-2000 and 100-200",
                "GPT partitions 1 and 3 overlap: LBAs 34-2000 and 300-400"), p);
    }

    @Test
    void partitionOutsideTheUsableRange() throws IOException {
        assertOnly(problems(RandomTables.disk(table(entry(1, 20, 1000)))), "GPT partition 1: LBAs 20-1000 are outside the usable LBAs 34-2014");
        assertOnly(problems(RandomTables.disk(table(entry(1, 100, 2015)))), "GPT partition 1: LBAs 100-2015 are outside the usable LBAs 34-2014");
    }

    @Test
    void startAfterEnd() throws IOException {
        assertOnly(problems(RandomTables.disk(table(entry(1, 100, 50)))), "GPT partition 1: starts at LBA 100, after its end at LBA 50");
    }

    @Test
    void duplicatePartitionGuids() throws IOException {
        GptEntry a = entry(1, 34, 100);
        GptEntry b = new GptEntry(LINUX, a.uniqueGuid(), 101, 200, 0, "b");
        assertOnly(problems(RandomTables.disk(table(a, b))), "GPT partition 2: unique partition GUID 00000000-0000-0001-0000-000000000001 is also partition 1's");
    }

    @Test
    void zeroGuids() throws IOException {
        GptEntry zero = new GptEntry(LINUX, GptEntry.UNUSED_TYPE, 34, 100, 0, "z");
        assertOnly(problems(RandomTables.disk(table(zero))), "GPT partition 1: unique partition GUID is all zeros");
        GptTable t = GptTable.create(512, SECTORS, GptEntry.UNUSED_TYPE, 128, 128, List.of());
        assertOnly(problems(RandomTables.disk(t)), "GPT: disk GUID is all zeros");
    }

    @Test
    void reservedAttributeBits() throws IOException {
        GptEntry e = new GptEntry(LINUX, new UUID(9, 9), 34, 100, 1L << 20, "r");
        assertOnly(problems(RandomTables.disk(table(e))), "GPT partition 1: reserved attribute bits 3-47 must be zero, found 0x0000000000100000");
    }

    @Test
    void entryArraySmallerThanTheSpecMinimum() throws IOException {
        GptTable t = GptTable.create(512, SECTORS, new UUID(5, 5), 4, 128, List.of(entry(1, 34, 100)));
        GptReading r = GptReader.read(RandomTables.disk(t));
        assertEquals(t, r.table().orElseThrow(), "a small array is still read");
        assertOnly(r.problems(), "GPT: the partition entry array is 512 bytes, the spec requires at least 16384 (4 entries of 128 bytes)");
    }

    @Test
    void protectiveMbrMissingOrWrong() throws IOException {
        MemoryDisk disk = RandomTables.disk(VALID);
        disk.write(0, new byte[512]);
        assertOnly(problems(disk), "protective MBR: boot signature at byte 510: expected 0x55 0xAA, found 0x00 0x00");

        List<MbrEntry> linux = List.of(MbrEntry.of(0x83, 1, SECTORS - 1, false), MbrEntry.EMPTY, MbrEntry.EMPTY, MbrEntry.EMPTY);
        disk.write(0, MbrCodec.encode(MbrTable.of(0, linux)));
        assertOnly(problems(disk), "protective MBR: no partition of type 0xee");

        List<MbrEntry> small = List.of(MbrEntry.of(0xEE, 1, 1000, false), MbrEntry.EMPTY, MbrEntry.EMPTY, MbrEntry.EMPTY);
        disk.write(0, MbrCodec.encode(MbrTable.of(0, small)));
        assertOnly(problems(disk), "protective MBR: partition 1 (type 0xee) covers 1000 sectors, expected 2047 (the disk grew: run repair)");

        List<MbrEntry> late = List.of(MbrEntry.of(0xEE, 2, SECTORS - 1, false), MbrEntry.EMPTY, MbrEntry.EMPTY, MbrEntry.EMPTY);
        disk.write(0, MbrCodec.encode(MbrTable.of(0, late)));
        assertOnly(problems(disk), "protective MBR: partition 1 (type 0xee) starts at LBA 2, expected 1");
    }

    @Test
    void aDiskThatGrewIsReportedAsSuch() throws IOException {
        MemoryDisk small = RandomTables.disk(VALID);
        MemoryDisk grown = new MemoryDisk(512, SECTORS + 100);
        grown.write(0, small.bytes());
        assertEquals(List.of(
                "protective MBR: partition 1 (type 0xee) covers 2047 sectors, expected 2147 (the disk grew: run repair)",
                "primary GPT header (LBA 1): alternate LBA: expected the last LBA 2147, found 2047 (the disk grew: run repair)",
                "backup GPT header is at LBA 2047, not at the last LBA 2147 (the disk grew: run repair)"), problems(grown));
    }
}
