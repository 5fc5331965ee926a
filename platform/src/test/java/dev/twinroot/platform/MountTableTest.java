package dev.twinroot.platform;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountTableTest {

    private static MountTable parse(String text) throws MountInfoFormatException {
        return MountTable.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesTheExampleOfProc5() throws MountInfoFormatException {
        MountTable t = parse("36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n");
        MountInfo m = t.mounts().get(0);
        assertEquals(36, m.mountId());
        assertEquals(35, m.parentId());
        assertEquals(new DeviceNumber(98, 0), m.device());
        assertEquals("/mnt1", m.root());
        assertEquals(Path.of("/mnt/parent"), m.mountPoint());
        assertEquals(List.of("rw", "noatime"), m.mountOptions());
        assertEquals(List.of("master:1"), m.optionalFields());
        assertEquals("ext3", m.fsType());
        assertEquals("/dev/root", m.source());
        assertEquals(List.of("rw", "errors=continue"), m.superOptions());
        assertFalse(m.readOnly());
    }

    @Test
    void decodesOctalEscapesInPathsSourcesAndOptions() throws MountInfoFormatException {
        MountTable t = parse("""
                27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
                101 27 7:3 /sub\\040dir /mnt/my\\040disk\\011tab\\134back\\012nl ro,nosuid shared:5 master:2 - ext4 /dev/loop3 ro,opt=a\\054b
                102 27 0:4 net:[4026531840] /run/netns/x rw - nsfs nsfs rw
                103 27 0:44 / /media/caf\\303\\251 rw - tmpfs my\\040tmp rw
                """);
        MountInfo m = t.mounts().get(1);
        assertEquals("/sub dir", m.root());
        assertEquals(Path.of("/mnt/my disk\ttab\\back\nnl"), m.mountPoint());
        assertEquals(List.of("shared:5", "master:2"), m.optionalFields());
        assertEquals(List.of("ro", "opt=a,b"), m.superOptions());
        assertTrue(m.readOnly());
        assertEquals("net:[4026531840]", t.mounts().get(2).root());
        assertEquals(Path.of("/media/café"), t.mounts().get(3).mountPoint());
        assertEquals("my tmp", t.mounts().get(3).source());
        assertEquals(List.of(m), t.mountedFrom(new DeviceNumber(7, 3)));
        assertEquals(Optional.of(m), t.at(Path.of("/mnt/my disk\ttab\\back\nnl")));
        assertEquals(Optional.empty(), t.at(Path.of("/mnt")));
    }

    @Test
    void theLastMountOnAPointIsTheVisibleOne() throws MountInfoFormatException {
        MountTable t = parse("""
                1 0 0:1 / /data rw - tmpfs a rw
                2 1 0:2 / /data rw - tmpfs b rw
                """);
        assertEquals("b", t.at(Path.of("/data")).orElseThrow().source());
    }

    @Test
    void anEmptyFileIsAnEmptyTable() throws MountInfoFormatException {
        assertEquals(List.of(), parse("").mounts());
    }

    @Test
    void rejectsMalformedLinesNamingTheLineAndField() {
        String good = "36 35 98:0 / /mnt rw - ext3 /dev/root rw";
        assertMessage("line 1: missing the final newline", good);
        assertMessage("line 2: expected at least 6 fields and then the separator '-', found 1 fields and no separator",
                good + "\n\n");
        assertMessage("separator", "36 35 98:0 / /mnt rw ext3 /dev/root rw\n");
        assertMessage("expected 3 fields after the separator '-', found 2", "36 35 98:0 / /mnt rw - ext3 rw\n");
        assertMessage("field 2 is empty", "36  98:0 / /mnt rw - ext3 /dev/root rw\n");
        assertMessage("mount ID: expected a decimal number", "x 35 98:0 / /mnt rw - ext3 /dev/root rw\n");
        assertMessage("parent ID: expected at most 2147483647", "1 9999999999 98:0 / /mnt rw - e s rw\n");
        assertMessage("major:minor: expected a ':'", "1 2 980 / /mnt rw - e s rw\n");
        assertMessage("minor: expected a decimal", "1 2 98: / /mnt rw - e s rw\n");
        assertMessage("mount point: expected an absolute path", "1 2 9:0 / mnt rw - e s rw\n");
        assertMessage("mount point: expected an absolute path without NUL", "1 2 9:0 / /a\\000b rw - e s rw\n");
        assertMessage("escape at character 2 needs three octal digits, found the end", "1 2 9:0 / /a\\04 rw - e s rw\n");
        assertMessage("escape at character 2 needs three octal digits", "1 2 9:0 / /a\\08x rw - e s rw\n");
        assertMessage("is above \\377", "1 2 9:0 / /a\\400 rw - e s rw\n");
        assertMessage("mount options: empty option", "1 2 9:0 / /a rw,,ro - e s rw\n");
    }

    private static void assertMessage(String expected, String input) {
        MountInfoFormatException e = assertThrows(MountInfoFormatException.class, () -> parse(input));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** Random tables written the way the kernel escapes them parse back to the same records. */
    @Test
    void roundTripsRandomTables() throws MountInfoFormatException {
        Random random = new Random(20261128);
        for (int iteration = 0; iteration < 2000; iteration++) {
            List<MountInfo> mounts = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            int count = random.nextInt(5);
            for (int i = 0; i < count; i++) {
                MountInfo m = new MountInfo(random.nextInt(Integer.MAX_VALUE), random.nextInt(1000),
                        new DeviceNumber(random.nextInt(4096), random.nextInt(1 << 20)),
                        "/" + word(random), Path.of("/" + word(random) + "/" + word(random)),
                        List.of(random.nextBoolean() ? "ro" : "rw", word(random)),
                        random.nextBoolean() ? List.of() : List.of("shared:" + random.nextInt(99), word(random)),
                        word(random), word(random), List.of("rw", word(random) + "=" + word(random)));
                mounts.add(m);
                text.append(render(m)).append('\n');
            }
            assertEquals(mounts, MountTable.parse(text.toString().getBytes(StandardCharsets.UTF_8)).mounts());
        }
    }

    /** Any bytes give a table or the format exception, never another exception. */
    @Test
    void randomBytesGiveATableOrTheFormatException() {
        Random random = new Random(7);
        byte[] alphabet = "0123456789 :-/\\\n,abcx\0\377".getBytes(StandardCharsets.ISO_8859_1);
        for (int iteration = 0; iteration < 20000; iteration++) {
            byte[] input = new byte[random.nextInt(120)];
            for (int i = 0; i < input.length; i++) {
                input[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            try {
                MountTable.parse(input);
            } catch (MountInfoFormatException expected) {
                // the only acceptable failure
            }
        }
    }

    private static final String CHARS = "ab z\t\\\n,=é-:1";

    private static String word(Random random) {
        StringBuilder b = new StringBuilder("w");
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.append(CHARS.charAt(random.nextInt(CHARS.length())));
        }
        return b.toString();
    }

    static String render(MountInfo m) {
        StringBuilder b = new StringBuilder();
        b.append(m.mountId()).append(' ').append(m.parentId()).append(' ').append(m.device()).append(' ')
                .append(escape(m.root())).append(' ').append(escape(m.mountPoint().toString())).append(' ')
                .append(options(m.mountOptions()));
        for (String f : m.optionalFields()) {
            b.append(' ').append(escape(f));
        }
        b.append(" - ").append(escape(m.fsType())).append(' ').append(escape(m.source())).append(' ')
                .append(options(m.superOptions()));
        return b.toString();
    }

    private static String options(List<String> options) {
        return String.join(",", options.stream().map(o -> escape(o).replace(",", "\\054")).toList());
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
                b.append(String.format("\\%03o", c));
            } else {
                b.append((char) c);
            }
        }
        return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
