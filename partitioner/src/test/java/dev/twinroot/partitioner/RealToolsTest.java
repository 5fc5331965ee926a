package dev.twinroot.partitioner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinroot.partitioner.gpt.GptCodec;
import dev.twinroot.partitioner.gpt.GptReader;
import dev.twinroot.partitioner.gpt.GptTable;
import dev.twinroot.partitioner.layout.LayoutReader;
import dev.twinroot.partitioner.layout.LayoutSpec;
import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cross-checks with the tools everyone trusts: our tables pass {@code sgdisk -v} and read the same in
 * {@code sfdisk --json}; their tables read the same in ours; our repairs satisfy them.
 */
class RealToolsTest {

    static final ExternalTool SGDISK = new ExternalTool("sgdisk", "gdisk");
    static final ExternalTool SFDISK = new ExternalTool("sfdisk", "fdisk");
    static final ExternalTool FDISK = new ExternalTool("fdisk", "fdisk");
    static final ExternalTool LOSETUP = new ExternalTool("losetup", "mount");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static final String LAYOUT = """
            {"table":"gpt","size":"2GiB","partitions":[{"label":"boot","type":"efi","size":"64MiB"},\
            {"label":"rootfs-a","type":"linux","size":"700MiB"},{"label":"rootfs-b","type":"linux","size":"700MiB"},\
            {"label":"data","type":"linux","size":"rest"}]}""";

    @TempDir
    Path dir;

    private final Partitioner partitioner = new Partitioner(new Random(42));

    private DiskLabel create(Path image, String layoutJson, int sectorSize) throws IOException {
        LayoutSpec spec = new LayoutReader().parse("test layout", layoutJson);
        return partitioner.createImage(image, spec, sectorSize);
    }

    private DiskLabel read(Path image, int sectorSize) throws IOException {
        try (FileDisk disk = FileDisk.openReadOnly(image, sectorSize)) {
            return partitioner.read(disk);
        }
    }

    private List<String> verify(Path image) throws IOException {
        try (FileDisk disk = FileDisk.openReadOnly(image, 512)) {
            return partitioner.verify(disk);
        }
    }

    static void assertSgdiskFindsNoProblems(Path device) throws IOException {
        ExternalTool.Result r = SGDISK.run(List.of("-v", device.toString()), TIMEOUT);
        assertTrue(r.stdout().contains("No problems found."), () -> "sgdisk -v:\n" + r.stdout() + r.stderr());
        assertFalse(r.stdout().contains("Problem:"), () -> "sgdisk -v:\n" + r.stdout());
    }

    static JsonNode sfdiskJson(Path device) throws IOException {
        ExternalTool.Result r = SFDISK.run(List.of("--json", device.toString()), TIMEOUT).requireSuccess();
        return new ObjectMapper().readTree(r.stdout()).get("partitiontable");
    }

    /** Same table type, id, geometry and partitions (number, start, size, type, uuid, name) as sfdisk sees. */
    static void assertSameAsSfdisk(DiskLabel ours, JsonNode sf) {
        assertEquals(sf.get("label").asText(), ours.table().label());
        assertEquals(sf.get("id").asText(), ours.id());
        assertEquals(sf.get("sectorsize").asInt(), ours.sectorSize());
        if (ours.table() == TableKind.GPT) {
            assertEquals(sf.get("firstlba").asLong(), ours.firstUsableLba());
            assertEquals(sf.get("lastlba").asLong(), ours.lastUsableLba());
        }
        List<JsonNode> parts = new ArrayList<>();
        sf.path("partitions").forEach(parts::add);
        assertEquals(parts.size(), ours.partitions().size(), "partition count");
        for (int i = 0; i < parts.size(); i++) {
            JsonNode p = parts.get(i);
            DiskLabel.Partition q = ours.partitions().get(i);
            String node = p.get("node").asText();
            assertEquals(Integer.parseInt(node.replaceAll("^.*?(\\d+)$", "$1")), q.number(), node);
            assertEquals(p.get("start").asLong(), q.start(), node + " start");
            assertEquals(p.get("size").asLong(), q.size(), node + " size");
            assertEquals(p.get("type").asText(), q.type(), node + " type");
            assertEquals(p.path("uuid").asText(""), q.uuid().orElse(""), node + " uuid");
            assertEquals(p.path("name").asText(""), q.name(), node + " name");
            assertEquals(p.path("bootable").asBoolean(false), ours.table() == TableKind.DOS && q.bootable(), node + " bootable");
        }
    }

    @Test
    void theDefaultLayoutPassesSgdiskAndReadsTheSameInSfdisk() throws IOException {
        Path image = dir.resolve("disk.img");
        DiskLabel created = create(image, LAYOUT, 512);
        assertEquals(2L << 30, Files.size(image));
        assertSgdiskFindsNoProblems(image);
        assertSameAsSfdisk(created, sfdiskJson(image));
        assertEquals(created, read(image, 512));
        assertEquals(List.of(), verify(image));
        assertEquals(List.of(2048L, 133120L, 1566720L, 3000320L), created.partitions().stream().map(DiskLabel.Partition::start).toList());
    }

    @Test
    void theMbrLayoutReadsTheSameInSfdiskAndPassesItsVerify() throws IOException {
        Path image = dir.resolve("mbr.img");
        String layout = LAYOUT.replace("\"gpt\"", "\"mbr\"").replace("\"efi\"", "\"fat32\",\"bootable\":true");
        DiskLabel created = create(image, layout, 512);
        JsonNode sf = sfdiskJson(image);
        assertSameAsSfdisk(created, sf);
        assertEquals("c", sf.get("partitions").get(0).get("type").asText());
        SFDISK.run(List.of("--verify", image.toString()), TIMEOUT).requireSuccess();
        assertEquals(List.of(), verify(image));
    }

    @Test
    void tablesMadeBySgdiskReadTheSameAndReencodeByteForByte() throws IOException {
        Path image = dir.resolve("sgdisk.img");
        try (FileDisk d = FileDisk.openOrCreateImage(image, 512)) {
            d.resize(300L << 20);
        }
        SGDISK.run(List.of("-o", "-n", "1:2048:+64M", "-t", "1:ef00", "-c", "1:boot", "-A", "1:set:2",
                "-n", "2:0:+100M", "-t", "2:b921b045-1df0-41c3-af44-4c6f280d3fae", "-c", "2:rootfs-ä",
                "-n", "5:0:+10M", "-t", "5:8200", "-A", "5:set:60", "-A", "5:set:0",
                "-n", "3:0:0", "-t", "3:8300", "-c", "3:data", image.toString()), TIMEOUT).requireSuccess();
        DiskLabel ours = read(image, 512);
        assertSameAsSfdisk(ours, sfdiskJson(image));
        assertEquals(List.of(1, 2, 3, 5), ours.partitions().stream().map(DiskLabel.Partition::number).toList());
        assertEquals(List.of("legacy-bios-bootable"), ours.partitions().get(0).attributes());
        assertEquals(List.of("required", "read-only"), ours.partitions().get(3).attributes());
        assertEquals(List.of(), verify(image));
        assertReencodesByteForByte(image);
    }

    @Test
    void gptTablesMadeBySfdiskReadTheSameAndReencodeByteForByte() throws IOException {
        Path image = dir.resolve("sfdisk-gpt.img");
        try (FileDisk d = FileDisk.openOrCreateImage(image, 512)) {
            d.resize(200L << 20);
        }
        String script = """
                label: gpt
                label-id: 5B0A4F0E-1234-4C3B-9F00-ABCDEF012345
                first-lba: 2048
                size=32MiB, type=U, name="EFI system", uuid=11111111-2222-4333-8444-555555555555
                size=64MiB, type=L, name=rootfs-a, attrs="RequiredPartition,LegacyBIOSBootable"
                type=L, name=data
                """;
        sfdisk(image, script);
        DiskLabel ours = read(image, 512);
        assertSameAsSfdisk(ours, sfdiskJson(image));
        assertEquals("5B0A4F0E-1234-4C3B-9F00-ABCDEF012345", ours.id());
        assertEquals(List.of("required", "legacy-bios-bootable"), ours.partitions().get(1).attributes());
        assertEquals(List.of(), verify(image));
        assertReencodesByteForByte(image);
    }

    @Test
    void dosTablesMadeBySfdiskReadTheSameAndReencodeByteForByte() throws IOException {
        Path image = dir.resolve("sfdisk-dos.img");
        try (FileDisk d = FileDisk.openOrCreateImage(image, 512)) {
            d.resize(200L << 20);
        }
        sfdisk(image, """
                label: dos
                label-id: 0xdeadbeef
                size=32MiB, type=c, bootable
                size=64MiB, type=83
                size=16MiB, type=82
                type=83
                """);
        DiskLabel ours = read(image, 512);
        assertSameAsSfdisk(ours, sfdiskJson(image));
        assertEquals("0xdeadbeef", ours.id());
        assertEquals(List.of(), verify(image));
        byte[] before = Files.readAllBytes(image);
        try (FileDisk d = FileDisk.openReadOnly(image, 512)) {
            byte[] mbr = Arrays.copyOf(d.read(0, 1), 512);
            assertArrayEquals(mbr, dev.twinroot.partitioner.mbr.MbrCodec.encode(dev.twinroot.partitioner.mbr.MbrCodec.decode(mbr)));
        }
        assertArrayEquals(before, Files.readAllBytes(image), "reading changed nothing");
    }

    @Test
    void extendedPartitionsAreRefusedWithAClearMessage() throws IOException {
        Path image = dir.resolve("extended.img");
        try (FileDisk d = FileDisk.openOrCreateImage(image, 512)) {
            d.resize(100L << 20);
        }
        sfdisk(image, "label: dos\nsize=10MiB, type=83\ntype=5\nsize=10MiB, type=83\n");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedTableException.class, () -> read(image, 512));
        assertEquals("MBR partition 2 is an extended partition (type 0x05): logical partitions are not supported", e.getMessage());
        assertEquals(List.of("MBR partition 2: extended partition (type 0x05): logical partitions are not supported"), verify(image));
    }

    /** Where a corruption hits, and the first words of the line verify must print for it. */
    enum Damage {
        PRIMARY_HEADER(true, "primary GPT header (LBA 1): header CRC32"),
        PRIMARY_ENTRIES(true, "primary GPT partition entries (LBA 2): entry array CRC32"),
        PRIMARY_WIPED(true, "primary GPT header (LBA 1): signature"),
        BACKUP_HEADER(false, "backup GPT header (LBA 4194303): header CRC32"),
        BACKUP_ENTRIES(false, "backup GPT partition entries (LBA 4194271): entry array CRC32"),
        PROTECTIVE_MBR(false, "protective MBR: boot signature");

        final boolean primary;
        final String expected;

        Damage(boolean primary, String expected) {
            this.primary = primary;
            this.expected = expected;
        }

        void apply(FileDisk d) throws IOException {
            long last = d.sectors() - 1;
            switch (this) {
                case PRIMARY_HEADER -> flip(d, 1, 70);
                case PRIMARY_ENTRIES -> flip(d, 2, 130);
                case PRIMARY_WIPED -> d.write(1, new byte[33 * 512]);
                case BACKUP_HEADER -> flip(d, last, 50);
                case BACKUP_ENTRIES -> flip(d, last - 32, 300);
                case PROTECTIVE_MBR -> flip(d, 0, 511);
            }
        }

        private static void flip(FileDisk d, long lba, int offset) throws IOException {
            byte[] s = d.read(lba, 1);
            s[offset] ^= 0x5A;
            d.write(lba, s);
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void eachCorruptionIsCaughtByVerifyAndRepairedToWhatSgdiskAccepts(Damage damage) throws IOException {
        Path image = dir.resolve("disk.img");
        DiskLabel created = create(image, LAYOUT, 512);
        try (FileDisk d = FileDisk.open(image, 512)) {
            damage.apply(d);
        }
        List<String> problems = verify(image);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith(damage.expected), problems::toString);
        assertEquals(created, read(image, 512), "the intact copy still reads");

        List<String> actions;
        try (FileDisk d = FileDisk.open(image, 512)) {
            actions = partitioner.repair(d);
        }
        assertEquals(1, actions.size(), actions::toString);
        assertEquals(List.of(), verify(image));
        assertSgdiskFindsNoProblems(image);
        assertSameAsSfdisk(created, sfdiskJson(image));
    }

    @Test
    void bothCopiesDamagedIsAnErrorNamingBoth() throws IOException {
        Path image = dir.resolve("disk.img");
        create(image, LAYOUT, 512);
        try (FileDisk d = FileDisk.open(image, 512)) {
            Damage.PRIMARY_HEADER.apply(d);
            Damage.BACKUP_ENTRIES.apply(d);
            CorruptTableException e = org.junit.jupiter.api.Assertions.assertThrows(CorruptTableException.class, () -> partitioner.repair(d));
            assertTrue(e.getMessage().startsWith("no intact GPT copy to repair from: primary GPT header (LBA 1): header CRC32"), e.getMessage());
            assertTrue(e.getMessage().contains("; backup GPT partition entries (LBA 4194271): entry array CRC32"), e.getMessage());
        }
    }

    @Test
    void afterTheImageGrowsTheLastPartitionGrowsAndSgdiskAgrees() throws IOException {
        Path image = dir.resolve("disk.img");
        create(image, LAYOUT, 512);
        try (FileDisk d = FileDisk.open(image, 512)) {
            d.resize(3L << 30);
        }
        assertEquals(3, verify(image).size());
        try (FileDisk d = FileDisk.open(image, 512)) {
            DoesNotFitException e = org.junit.jupiter.api.Assertions.assertThrows(DoesNotFitException.class,
                    () -> partitioner.grow(d, OptionalInt.of(2)));
            assertEquals("GPT partition 2 cannot grow: partition 3 lies after it (LBAs 1566720-3000319); only the last partition can grow",
                    e.getMessage());
            Partitioner.Growth g = partitioner.grow(d, OptionalInt.of(4));
            assertEquals(new Partitioner.Growth(4, 1193951, 6291422 - 3000320 + 1), g);
        }
        assertEquals(List.of(), verify(image));
        assertSgdiskFindsNoProblems(image);
        JsonNode sf = sfdiskJson(image);
        assertEquals(6291422, sf.get("lastlba").asLong());
        assertEquals(6291422 - 3000320 + 1, sf.get("partitions").get(3).get("size").asLong());
    }

    @Test
    void repairAloneMovesTheBackupToTheEndOfAGrownDisk() throws IOException {
        Path image = dir.resolve("disk.img");
        DiskLabel created = create(image, LAYOUT, 512);
        try (FileDisk d = FileDisk.open(image, 512)) {
            d.resize(3L << 30);
            assertEquals(List.of("moved the backup GPT header to the last LBA 6291455; last usable LBA 4194270 -> 6291422",
                    "rewrote the protective MBR"), partitioner.repair(d));
            assertEquals(List.of(), partitioner.repair(d));
        }
        assertEquals(List.of(), verify(image));
        assertSgdiskFindsNoProblems(image);
        assertEquals(created.partitions(), read(image, 512).partitions());
    }

    @Test
    void anMbrImageGrowsToo() throws IOException {
        Path image = dir.resolve("mbr.img");
        create(image, LAYOUT.replace("\"gpt\"", "\"mbr\""), 512);
        try (FileDisk d = FileDisk.open(image, 512)) {
            d.resize(3L << 30);
            assertEquals(new Partitioner.Growth(4, 1193984, 6291456 - 3000320), partitioner.grow(d, OptionalInt.empty()));
        }
        assertEquals(6291456 - 3000320, sfdiskJson(image).get("partitions").get(3).get("size").asLong());
    }

    @Test
    void createRefusesToShrinkAnImageBelowItsTable() throws IOException {
        Path image = dir.resolve("disk.img");
        create(image, LAYOUT.replace("2GiB", "3GiB"), 512);
        DoesNotFitException e = org.junit.jupiter.api.Assertions.assertThrows(DoesNotFitException.class, () -> create(image, LAYOUT, 512));
        assertTrue(e.getMessage().endsWith("holds a gpt table whose partition 4 ends at byte 3221208576, past the layout's size of "
                + "2147483648 bytes: refusing to shrink the image below it (delete the file to start over)"), e.getMessage());
        assertEquals(3L << 30, Files.size(image));
    }

    // --- 4096-byte sectors. sfdisk 2.38 has no --sector-size and sgdisk assumes 512 on image files, so the
    // image is checked with fdisk -b 4096, and, where loop devices work, with sgdisk and sfdisk on a loop
    // device with 4096-byte logical sectors.

    @Test
    void sgdiskAssumes512ByteSectorsOnImageFiles() throws IOException {
        Path image = dir.resolve("disk4k.img");
        create(image, LAYOUT, 4096);
        ExternalTool.Result r = SGDISK.run(List.of("-p", image.toString()), TIMEOUT);
        assertTrue(r.stdout().contains("Sector size (logical): 512 bytes"), r.stdout());
        assertFalse(r.stdout().contains("rootfs-a"), "sgdisk should not find our 4096-byte GPT at byte 512:\n" + r.stdout());
    }

    @Test
    void a4096ByteSectorImageReadsTheSameInFdisk() throws IOException {
        Path image = dir.resolve("disk4k.img");
        DiskLabel created = create(image, LAYOUT, 4096);
        assertEquals(179200, created.partitions().get(1).size(), "700 MiB in 4096-byte sectors");
        assertEquals(6, created.firstUsableLba());
        assertEquals(List.of(), verifyAt(image, 4096));
        List<String[]> rows = fdiskRows(image, 4096, "Device,Start,Sectors,Type-UUID,UUID,Name");
        assertEquals(4, rows.size());
        for (int i = 0; i < 4; i++) {
            DiskLabel.Partition p = created.partitions().get(i);
            assertEquals(List.of(Long.toString(p.start()), Long.toString(p.size()), p.type(), p.uuid().orElseThrow(), p.name()),
                    Arrays.asList(rows.get(i)).subList(1, 6));
        }
    }

    @Test
    void tablesMadeByFdiskWith4096ByteSectorsReadTheSame() throws IOException {
        Path image = dir.resolve("fdisk4k.img");
        try (FileDisk d = FileDisk.openOrCreateImage(image, 4096)) {
            d.resize(256L << 20);
        }
        // g: new GPT; n/Enter/Enter/+32M: partition 1; t/1: EFI System; n/Enter x3: partition 2, the rest; w: write.
        withStdin(image.getParent(), "g\nn\n\n\n+32M\nt\n1\nn\n\n\n\nw\n", FDISK, "-b", "4096", image.toString());
        DiskLabel ours = read(image, 4096);
        List<String[]> rows = fdiskRows(image, 4096, "Device,Start,Sectors,Type-UUID,UUID");
        assertEquals(rows.size(), ours.partitions().size());
        for (int i = 0; i < rows.size(); i++) {
            DiskLabel.Partition q = ours.partitions().get(i);
            assertEquals(List.of(Long.toString(q.start()), Long.toString(q.size()), q.type(), q.uuid().orElseThrow()),
                    Arrays.asList(rows.get(i)).subList(1, 5));
        }
        assertEquals(List.of(), verifyAt(image, 4096));
    }

    @Test
    void a4096ByteSectorImageOnALoopDevicePassesSgdiskAndSfdisk() throws IOException {
        Path image = dir.resolve("disk4k.img");
        DiskLabel created = create(image, LAYOUT.replace("2GiB", "256MiB").replace("700MiB", "64MiB"), 4096);
        ExternalTool.Result attach = LOSETUP.run(List.of("--sector-size", "4096", "--find", "--show", "--read-only", image.toString()), TIMEOUT);
        Assumptions.assumeTrue(attach.succeeded(), "loop devices are not available here: " + attach.stderr().strip());
        Path loop = Path.of(attach.stdout().strip());
        try {
            assertSgdiskFindsNoProblems(loop);
            assertSameAsSfdisk(created, sfdiskJson(loop));
            try (FileDisk device = FileDisk.openReadOnly(loop, 4096)) {
                assertTrue(device.isBlockDevice());
                assertEquals(256L << 20, device.sizeBytes());
                assertEquals(created, partitioner.read(device));
                assertEquals(List.of(), partitioner.verify(device));
            }
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> FileDisk.openReadOnly(loop, 512));
            assertEquals(loop + " has 4096-byte logical sectors, but 512 was given (--sector-size 4096)", e.getMessage());
        } finally {
            LOSETUP.run(List.of("--detach", loop.toString()), TIMEOUT).requireSuccess();
        }
    }

    private List<String> verifyAt(Path image, int sectorSize) throws IOException {
        try (FileDisk disk = FileDisk.openReadOnly(image, sectorSize)) {
            return partitioner.verify(disk);
        }
    }

    /** fdisk -l's partition rows for the given columns, split on runs of spaces (names here have none). */
    private static List<String[]> fdiskRows(Path image, int sectorSize, String columns) throws IOException {
        ExternalTool.Result r = FDISK.run(List.of("-b", Integer.toString(sectorSize), "-l", "-o", columns, image.toString()), TIMEOUT)
                .requireSuccess();
        List<String[]> rows = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(image.toString()) + "\\d+ .*$").matcher(r.stdout());
        while (m.find()) {
            rows.add(m.group().strip().split("\\s+"));
        }
        return rows;
    }

    private static void sfdisk(Path image, String script) throws IOException {
        withStdin(image.getParent(), script, SFDISK, "-q", image.toString());
    }

    /** ExternalTool gives a tool /dev/null as stdin; these tools take their script there, so sh redirects a file. */
    private static void withStdin(Path tmp, String input, ExternalTool tool, String... args) throws IOException {
        Path file = Files.createTempFile(tmp, tool.name(), ".stdin");
        Files.writeString(file, input);
        List<String> sh = new ArrayList<>(List.of("-c", "f=\"$1\"; shift; exec \"$@\" < \"$f\"", "sh", file.toString(),
                tool.require().toString()));
        sh.addAll(List.of(args));
        new ExternalTool("sh", "dash").run(sh, TIMEOUT).requireSuccess();
    }

    private static void assertReencodesByteForByte(Path image) throws IOException {
        try (FileDisk d = FileDisk.openReadOnly(image, 512)) {
            GptTable t = GptReader.read(d).table().orElseThrow();
            for (SectorRun run : GptCodec.encode(t)) {
                assertArrayEquals(d.read(run.lba(), run.bytes().length / 512), run.bytes(), "sectors at LBA " + run.lba());
            }
        }
    }
}
