package dev.twinroot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PartCommandTest {

    static final String LAYOUT = """
            {"table":"gpt","size":"2GiB","partitions":[{"label":"boot","type":"efi","size":"64MiB"},\
            {"label":"rootfs-a","type":"linux","size":"700MiB"},{"label":"rootfs-b","type":"linux","size":"700MiB"},\
            {"label":"data","type":"linux","size":"rest"}]}""";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run run(Object... args) {
        CommandLine cl = Twinroot.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(java.util.Arrays.stream(args).map(Object::toString).toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private Path layout(String json) throws IOException {
        return Files.writeString(dir.resolve("layout.json"), json);
    }

    private static void flip(Path image, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0xFF);
        }
    }

    @Test
    void createVerifyShowCorruptRepair() throws IOException {
        Path image = dir.resolve("disk.img");
        Run created = run("part", "create", "--layout", layout(LAYOUT), image);
        assertEquals(0, created.exit(), created.err());
        assertTrue(created.out().contains("rootfs-a"), created.out());
        assertEquals(2L << 30, Files.size(image));

        Run ok = run("part", "verify", image);
        assertEquals(new Run(0, image + ": partition table is valid\n", ""), ok);

        JsonNode json = new ObjectMapper().readTree(run("part", "show", "--json", image).out()).get("partitiontable");
        assertEquals("gpt", json.get("label").asText());
        assertEquals(4, json.get("partitions").size());
        assertEquals(3000320, json.get("partitions").get(3).get("start").asLong());
        assertEquals("efi", json.get("partitions").get(0).get("typeAlias").asText());

        flip(image, 512 + 60); // primary header, disk GUID
        flip(image, (2L << 30) - 512 * 33 + 5); // backup entries
        Run bad = run("part", "verify", image);
        assertEquals(1, bad.exit());
        assertEquals(2, bad.outLines().size(), bad.out());
        assertTrue(bad.outLines().get(0).startsWith("primary GPT header (LBA 1): header CRC32: stored 0x"), bad.out());
        assertTrue(bad.outLines().get(1).startsWith("backup GPT partition entries (LBA 4194271): entry array CRC32: stored 0x"), bad.out());

        Run repair = run("part", "repair", image);
        assertEquals(1, repair.exit());
        assertTrue(repair.err().startsWith("twinroot part repair: no intact GPT copy to repair from: primary GPT header (LBA 1)"), repair.err());

        flip(image, (2L << 30) - 512 * 33 + 5); // undo: the backup is intact again
        repair = run("part", "repair", image);
        assertEquals(new Run(0, "rewrote the primary GPT header and partition entries from the backup\n", ""), repair);
        assertEquals(0, run("part", "verify", image).exit());
        assertEquals(image + ": nothing to repair\n", run("part", "repair", image).out());
    }

    @Test
    void growAfterTheImageGrew() throws IOException {
        Path image = dir.resolve("disk.img");
        assertEquals(0, run("part", "create", "--layout", layout(LAYOUT), image).exit());
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        Run verify = run("part", "verify", image);
        assertEquals(1, verify.exit());
        assertEquals(3, verify.outLines().size(), verify.out());

        Run wrong = run("part", "grow", image, "--partition", "2");
        assertEquals(new Run(1, "", "twinroot part grow: GPT partition 2 cannot grow: partition 3 lies after it "
                + "(LBAs 1566720-3000319); only the last partition can grow\n"), wrong);
        Run grow = run("part", "grow", image, "--partition", "4");
        assertEquals(new Run(0, image + ": partition 4 grew from 1193951 to 3291103 sectors\n", ""), grow);
        assertEquals(0, run("part", "verify", image).exit());
        assertEquals(image + ": partition 4 already fills the disk (3291103 sectors)\n", run("part", "grow", image).out());
    }

    @Test
    void mbrAnd4096ByteSectors() throws IOException {
        Path image = dir.resolve("mbr4k.img");
        Run created = run("part", "create", "--sector-size", "4096", "--layout", layout(LAYOUT.replace("\"gpt\"", "\"mbr\"")), image);
        assertEquals(0, created.exit(), created.err());
        assertTrue(created.out().startsWith(image + ": dos, 2 GiB (524288 sectors of 4096 bytes), id 0x"), created.out());
        assertEquals(0, run("part", "verify", "--sector-size", "4096", image).exit());

        Path gpt = dir.resolve("gpt4k.img");
        assertEquals(0, run("part", "create", "--sector-size", "4096", "--layout", layout(LAYOUT), gpt).exit());
        Run wrongSize = run("part", "show", gpt);
        assertEquals(1, wrongSize.exit());
        assertTrue(wrongSize.err().endsWith("(a GPT header sits at byte 4096: the disk has 4096-byte sectors; pass --sector-size 4096)\n"),
                wrongSize.err());
    }

    @Test
    void userErrorsAreOneLineAndUsageErrorsExit2() throws IOException {
        Path image = dir.resolve("disk.img");
        Run badLayout = run("part", "create", "--layout", layout("{\"table\":\"gpt\",\"size\":\"1GiB\",\"partitons\":[]}"), image);
        assertEquals(1, badLayout.exit());
        assertEquals("twinroot part create: " + dir.resolve("layout.json") + ": unknown field 'partitons' in the layout "
                + "(known fields: alignment, entries, id, partitions, seed, size, table)\n", badLayout.err());

        Run missing = run("part", "verify", dir.resolve("nope.img"));
        assertEquals(new Run(1, "", "twinroot part verify: " + dir.resolve("nope.img") + ": no such file\n"), missing);

        assertEquals(2, run("part", "verify", "--sector-size", "1000", image).exit());
        assertEquals(2, run("part", "create", image).exit());
        assertEquals(2, run("part").exit());

        Files.write(image, new byte[4096]);
        Run blank = run("part", "verify", image);
        assertEquals(1, blank.exit());
        assertEquals("twinroot part verify: no partition table: LBA 0 has no boot signature 0x55 0xAA and neither LBA 1 nor "
                + "the last LBA holds a GPT header\n", blank.err());
    }

    @Test
    void helpShowsAnExample() {
        Run help = run("part", "create", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("twinroot part create --layout layout.json disk.img"), help.out());
    }
}
