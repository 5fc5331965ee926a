package dev.twinroot.partitioner.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.partitioner.DoesNotFitException;
import dev.twinroot.partitioner.LayoutException;
import dev.twinroot.partitioner.MemoryDisk;
import dev.twinroot.partitioner.PartitionException;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.partitioner.gpt.GptAttribute;
import dev.twinroot.partitioner.gpt.GptEntry;
import dev.twinroot.partitioner.gpt.GptReader;
import dev.twinroot.partitioner.gpt.GptReading;
import dev.twinroot.partitioner.gpt.GptTable;
import dev.twinroot.partitioner.mbr.MbrCodec;
import dev.twinroot.partitioner.mbr.MbrTable;
import dev.twinroot.partitioner.mbr.MbrValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LayoutPlannerTest {

    static final String EXAMPLE = """
            {"table":"gpt","size":"2GiB","partitions":[{"label":"boot","type":"efi","size":"64MiB"},\
            {"label":"rootfs-a","type":"linux","size":"700MiB"},{"label":"rootfs-b","type":"linux","size":"700MiB"},\
            {"label":"data","type":"linux","size":"rest"}]}""";

    private final LayoutReader reader = new LayoutReader();
    private final LayoutPlanner planner = new LayoutPlanner(new Random(1));

    private LayoutSpec spec(String json) throws LayoutException {
        return reader.parse("layout.json", json);
    }

    private static <T extends Throwable> String message(Class<T> type, org.junit.jupiter.api.function.Executable e) {
        return assertThrows(type, e).getMessage();
    }

    @Test
    void theExampleLayoutGivesAlignedPartitions() throws PartitionException {
        GptTable t = planner.gpt(spec(EXAMPLE), 512);
        assertEquals(4194304, t.diskSectors());
        assertEquals(List.of(1, 2, 3, 4), t.partitionNumbers());
        GptEntry boot = t.entries().get(0);
        assertEquals(2048, boot.firstLba());
        assertEquals(131072, boot.sectors());
        assertEquals("boot", boot.name());
        assertEquals(UUID.fromString("C12A7328-F81F-11D2-BA4B-00A0C93EC93B"), boot.typeGuid());
        assertEquals(133120, t.entries().get(1).firstLba());
        assertEquals(1433600, t.entries().get(1).sectors());
        assertEquals(t.lastUsableLba(), t.entries().get(3).lastLba());
        assertEquals(128, t.entries().size());
    }

    @Test
    void theExampleAsMbr() throws PartitionException {
        MbrTable t = planner.mbr(spec(EXAMPLE.replace("\"gpt\"", "\"mbr\"")), 512);
        assertEquals(0xEF, t.entry(1).type());
        assertEquals(0x83, t.entry(4).type());
        assertEquals(3000320, t.entry(4).firstLba());
        assertEquals(4194304 - 3000320, t.entry(4).sectors());
        assertEquals(List.of(), MbrValidator.check(t, 4194304));
    }

    @Test
    void fourKibSectors() throws PartitionException {
        GptTable t = planner.gpt(spec(EXAMPLE), 4096);
        assertEquals(524288, t.diskSectors());
        assertEquals(6, t.firstUsableLba());
        assertEquals(256, t.entries().get(0).firstLba()); // 1 MiB
        assertEquals(16384, t.entries().get(0).sectors()); // 64 MiB
    }

    @Test
    void unknownFieldsAreRejectedNamingTheField() {
        assertEquals("layout.json: unknown field 'sise' in partitions[1] (known fields: attributes, bootable, guid, label, size, type)",
                message(LayoutException.class, () -> spec("""
                        {"table":"gpt","size":"1GiB","partitions":[{"type":"linux","size":"1MiB"},{"type":"linux","sise":"1MiB"}]}""")));
        assertEquals("layout.json: unknown field 'align' in the layout (known fields: alignment, entries, id, partitions, seed, size, table)",
                message(LayoutException.class, () -> spec("{\"table\":\"gpt\",\"align\":\"1MiB\"}")));
    }

    @Test
    void malformedJsonSaysWhere() {
        assertEquals(true, message(LayoutException.class, () -> spec("{\"table\":\"gpt\",\n\"size\":}"))
                .startsWith("layout.json: not valid JSON at line 2, column 8: "));
    }

    @Test
    void sizesAreBinaryUnitsOrBytes() throws PartitionException {
        String layout = "{\"table\":\"gpt\",\"size\":%s,\"partitions\":[{\"type\":\"linux\",\"size\":%s}]}";
        assertEquals(2048, planner.gpt(spec(layout.formatted("\"64MiB\"", "\"1M\"")), 512).entries().get(0).sectors());
        assertEquals(2, planner.gpt(spec(layout.formatted("67108864", "1000")), 512).entries().get(0).sectors());
        assertEquals("size: '64MB' is ambiguous (decimal or binary?): write KiB, MiB, GiB or TiB, or a number of bytes",
                message(LayoutException.class, () -> planner.gpt(spec(layout.formatted("\"64MB\"", "\"1M\"")), 512)));
        assertEquals("partitions[0].size: expected a size like 64MiB, 2GiB or a number of bytes, found 'lots'",
                message(LayoutException.class, () -> planner.gpt(spec(layout.formatted("\"64MiB\"", "\"lots\"")), 512)));
        assertEquals("size: 1000 is not a positive multiple of the 512-byte sector",
                message(LayoutException.class, () -> planner.gpt(spec(layout.formatted("1000", "\"1M\"")), 512)));
    }

    @Test
    void restOnlyLast() {
        assertEquals("partitions[0] 'a': size \"rest\" is only allowed for the last partition", message(LayoutException.class,
                () -> planner.gpt(spec("""
                        {"table":"gpt","size":"64MiB","partitions":[{"label":"a","type":"linux","size":"rest"},{"type":"swap","size":"1MiB"}]}"""), 512)));
    }

    @Test
    void partitionsThatDoNotFit() {
        assertEquals("partitions[1] 'b': 40 MiB at LBA 75776 ends at LBA 157695, past the last usable LBA 131038; 13.0 MiB short",
                message(DoesNotFitException.class, () -> planner.gpt(spec("""
                        {"table":"gpt","size":"64MiB","partitions":[{"label":"a","type":"linux","size":"36MiB"},\
                        {"label":"b","type":"linux","size":"40MiB"}]}"""), 512)));
        assertEquals("partitions[1]: no room left: it would start at LBA 131072, after the last usable LBA 131038",
                message(DoesNotFitException.class, () -> planner.gpt(spec("""
                        {"table":"gpt","size":"64MiB","alignment":"2MiB","partitions":[{"type":"linux","size":"61MiB"},{"type":"linux","size":"rest"}]}"""), 512)));
    }

    @Test
    void typesByAliasOrGuidOrHex() throws PartitionException {
        String layout = "{\"table\":\"%s\",\"size\":\"64MiB\",\"partitions\":[{\"type\":\"%s\",\"size\":\"1MiB\"}]}";
        assertEquals(UUID.fromString("B921B045-1DF0-41C3-AF44-4C6F280D3FAE"),
                planner.gpt(spec(layout.formatted("gpt", "root-arm64")), 512).entries().get(0).typeGuid());
        assertEquals(UUID.fromString("0657fd6d-a4ab-43c4-84e5-0933c84b4f4f"),
                planner.gpt(spec(layout.formatted("gpt", "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f")), 512).entries().get(0).typeGuid());
        assertEquals(0x0C, planner.mbr(spec(layout.formatted("mbr", "fat32")), 512).entry(1).type());
        assertEquals(0xDA, planner.mbr(spec(layout.formatted("mbr", "0xda")), 512).entry(1).type());
        assertEquals(true, message(LayoutException.class, () -> planner.gpt(spec(layout.formatted("gpt", "ext4")), 512))
                .startsWith("unknown partition type 'ext4': expected a GUID or one of efi, linux, root-arm64, root-x86-64,"));
        assertEquals("partition type 'home' has no MBR (DOS) type byte; give one in hex, e.g. \"0x83\"",
                message(LayoutException.class, () -> planner.mbr(spec(layout.formatted("mbr", "home")), 512)));
    }

    @Test
    void attributesAndBootable() throws PartitionException {
        GptTable t = planner.gpt(spec("""
                {"table":"gpt","size":"64MiB","partitions":[{"type":"linux","size":"1MiB","bootable":true,\
                "attributes":["required","grow-fs","48"]}]}"""), 512);
        long expected = GptAttribute.LEGACY_BIOS_BOOTABLE.mask() | GptAttribute.REQUIRED.mask() | GptAttribute.GROW_FS.mask() | 1L << 48;
        assertEquals(expected, t.entries().get(0).attributes());
        assertEquals("partitions[0].attributes: bit 20 is reserved by UEFI (3-47)", message(LayoutException.class, () -> planner.gpt(spec("""
                {"table":"gpt","size":"64MiB","partitions":[{"type":"linux","size":"1MiB","attributes":["20"]}]}"""), 512)));
        assertEquals("partitions[0]: guid and attributes exist only in GPT; an MBR entry has a type and a bootable flag",
                message(LayoutException.class, () -> planner.mbr(spec("""
                        {"table":"mbr","size":"64MiB","partitions":[{"type":"linux","size":"1MiB","attributes":["required"]}]}"""), 512)));
    }

    @Test
    void aSeedGivesTheSameGuidsEveryTimeAndFixedGuidsWin() throws PartitionException {
        String seeded = EXAMPLE.replace("{\"table\"", "{\"seed\":\"device-42\",\"table\"");
        GptTable a = new LayoutPlanner(new Random(1)).gpt(spec(seeded), 512);
        GptTable b = new LayoutPlanner(new Random(2)).gpt(spec(seeded), 512);
        assertEquals(a, b);
        GptTable other = planner.gpt(spec(seeded.replace("device-42", "device-43")), 512);
        assertNotEquals(a.diskGuid(), other.diskGuid());
        assertEquals(4, a.diskGuid().version());
        String small = seeded.replace("2GiB", "8MiB").replace("64MiB", "1MiB").replace("700MiB", "2MiB");
        MemoryDisk x = new MemoryDisk(512, 16384);
        MemoryDisk y = new MemoryDisk(512, 16384);
        try {
            new Partitioner(new Random(1)).create(x, spec(small));
            new Partitioner(new Random(9)).create(y, spec(small));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertArrayEquals(x.bytes(), y.bytes(), "same layout and seed, same bytes");

        GptTable fixed = planner.gpt(spec("""
                {"table":"gpt","size":"64MiB","id":"11111111-2222-4333-8444-555555555555",\
                "partitions":[{"type":"linux","size":"1MiB","guid":"66666666-7777-4888-9999-aaaaaaaaaaaa"}]}"""), 512);
        assertEquals(UUID.fromString("11111111-2222-4333-8444-555555555555"), fixed.diskGuid());
        assertEquals(UUID.fromString("66666666-7777-4888-9999-aaaaaaaaaaaa"), fixed.entries().get(0).uniqueGuid());
        assertEquals("partitions[1].guid: 66666666-7777-4888-9999-aaaaaaaaaaaa is already used by the disk or another partition",
                message(LayoutException.class, () -> planner.gpt(spec("""
                        {"table":"gpt","size":"64MiB","partitions":[{"type":"linux","size":"1MiB","guid":"66666666-7777-4888-9999-aaaaaaaaaaaa"},\
                        {"type":"linux","size":"1MiB","guid":"66666666-7777-4888-9999-aaaaaaaaaaaa"}]}"""), 512)));
        assertEquals(0x1234ABCDL, planner.mbr(spec("{\"table\":\"mbr\",\"size\":\"64MiB\",\"id\":\"0x1234abcd\",\"partitions\":[]}"), 512)
                .diskSignature());
    }

    @Test
    void labelsAreCheckedAndMbrHoldsFour() {
        assertEquals("partitions[1].label: 'a' is used twice", message(LayoutException.class, () -> planner.gpt(spec("""
                {"table":"gpt","size":"64MiB","partitions":[{"label":"a","type":"linux","size":"1MiB"},{"label":"a","type":"linux","size":"1MiB"}]}"""), 512)));
        assertEquals(true, message(LayoutException.class, () -> planner.gpt(spec("""
                {"table":"gpt","size":"64MiB","partitions":[{"label":"%s","type":"linux","size":"1MiB"}]}""".formatted("x".repeat(37))), 512))
                .endsWith("has 37 UTF-16 units; a GPT name holds at most 36 and no NUL"));
        String five = "{\"type\":\"linux\",\"size\":\"1MiB\"},".repeat(5);
        assertEquals("partitions: 5 given, a dos table here holds 4", message(LayoutException.class, () -> planner.mbr(spec(
                "{\"table\":\"mbr\",\"size\":\"64MiB\",\"partitions\":[" + five.substring(0, five.length() - 1) + "]}"), 512)));
    }

    @Test
    void randomLayoutsGiveValidTablesThatRoundTrip() throws IOException {
        Random r = new Random(99);
        String[] types = {"efi", "linux", "root-arm64", "swap", "basic-data", "xbootldr"};
        for (int i = 0; i < 60; i++) {
            int sectorSize = r.nextBoolean() ? 512 : 4096;
            int count = 1 + r.nextInt(6);
            List<String> parts = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                String size = p == count - 1 && r.nextBoolean() ? "rest" : (1 + r.nextInt(8)) * 64 + "KiB";
                parts.add("{\"label\":\"p" + p + "\",\"type\":\"" + types[r.nextInt(types.length)] + "\",\"size\":\"" + size + "\"}");
            }
            String json = "{\"table\":\"gpt\",\"size\":\"" + (count + 2) + "MiB\",\"alignment\":\"" + (r.nextBoolean() ? "1MiB" : "64KiB")
                    + "\",\"partitions\":[" + String.join(",", parts) + "]}";
            MemoryDisk disk = new MemoryDisk(sectorSize, (count + 2) * (1L << 20) / sectorSize);
            new Partitioner(r).create(disk, spec(json));
            GptReading reading = GptReader.read(disk);
            assertEquals(List.of(), reading.problems(), json);
            MemoryDisk again = new MemoryDisk(sectorSize, disk.sectors());
            again.write(0, disk.read(0, 1));
            for (var run : dev.twinroot.partitioner.gpt.GptCodec.encode(reading.table().orElseThrow())) {
                again.write(run.lba(), run.bytes());
            }
            assertArrayEquals(disk.bytes(), again.bytes(), json);

            MemoryDisk mbr = new MemoryDisk(sectorSize, disk.sectors());
            new Partitioner(r).create(mbr, spec(limitToFour(json)));
            MbrTable table = MbrCodec.decode(mbr.read(0, 1));
            assertEquals(List.of(), MbrValidator.check(table, mbr.sectors()), json);
        }
    }

    private static String limitToFour(String gptJson) {
        return gptJson.replace("\"gpt\"", "\"mbr\"").replaceAll("(\\{\"label\":\"p[4-9]\"[^}]*\\},?)", "").replace(",]", "]");
    }
}
