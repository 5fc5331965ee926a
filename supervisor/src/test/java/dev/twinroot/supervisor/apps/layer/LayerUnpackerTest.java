package dev.twinroot.supervisor.apps.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.DigestMismatchException;
import dev.twinroot.supervisor.apps.TestLayers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {

    @TempDir
    Path sandbox;
    Path root;
    Path outside;
    final LayerUnpacker unpacker = new LayerUnpacker(1L << 30, false);

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(sandbox.resolve("root"));
        outside = Files.createDirectory(sandbox.resolve("outside"));
    }

    @Test
    void unpacksFilesDirectoriesAndLinksFromPlainGzipAndZstdLayers() throws IOException {
        byte[] tar = new TestLayers().dir("bin", 0755).file("bin/busybox", 0755, "ELF".getBytes(StandardCharsets.UTF_8))
                .symlink("bin/sh", "busybox").symlink("bin/ash", "/bin/busybox").hardlink("bin/bb2", "bin/busybox")
                .file("etc/motd", "hello\n").tar();
        for (byte[] layer : List.of(tar, TestLayers.gzip(tar), TestLayers.zstd(tar))) {
            Path r = Files.createTempDirectory(sandbox, "r");
            unpacker.apply(new ByteArrayInputStream(layer), r, Optional.of(Digest.of(tar)));
            assertEquals("ELF", Files.readString(r.resolve("bin/busybox")));
            assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(r.resolve("bin/busybox"))));
            assertEquals(Path.of("busybox"), Files.readSymbolicLink(r.resolve("bin/sh")));
            assertEquals(Path.of("/bin/busybox"), Files.readSymbolicLink(r.resolve("bin/ash")));
            assertTrue(Files.isSameFile(r.resolve("bin/busybox"), r.resolve("bin/bb2")));
            assertEquals("hello\n", Files.readString(r.resolve("etc/motd")));
        }
    }

    @Test
    void whiteoutsDeleteAndOpaqueDirectoriesHideTheLayersBelow() throws IOException {
        apply(new TestLayers().file("a/x", "x").file("a/y", "y").file("b/z", "z").file("b/sub/deep", "d").tar());
        apply(new TestLayers().file("a/.wh.x", "").file("b/new", "n").file("b/.wh..wh..opq", "").tar());
        assertFalse(Files.exists(root.resolve("a/x")));
        assertEquals("y", Files.readString(root.resolve("a/y")));
        assertEquals(List.of("new"), list(root.resolve("b")));
        assertFalse(Files.exists(root.resolve("a/.wh.x")));
    }

    @Test
    void aFileReplacesADirectoryAndALinkBelow() throws IOException {
        apply(new TestLayers().file("d/inner", "i").symlink("l", "d").tar());
        apply(new TestLayers().file("d", "now a file").file("l", "now a file too").tar());
        assertEquals("now a file", Files.readString(root.resolve("d")));
        assertFalse(Files.isSymbolicLink(root.resolve("l")));
    }

    @Test
    void writesThroughLinksStayInsideTheRoot() throws IOException {
        // A lower layer may hold links to / and to ../..: the root stays the container's /.
        apply(new TestLayers().symlink("escape", "/").symlink("usr/lib", "/").tar());
        apply(new TestLayers().file("escape/" + outside.getFileName() + "/pwned", "x").file("usr/lib/etc/pwned", "y").tar());
        assertEquals(List.of(), list(outside));
        assertEquals("x", Files.readString(root.resolve(outside.getFileName() + "/pwned")));
        assertEquals("y", Files.readString(root.resolve("etc/pwned")));
    }

    @Test
    void refusesHostileEntries() throws IOException {
        assertRefused(new TestLayers().file("../outside/evil", "x").tar(), "climbs out with ..");
        assertRefused(new TestLayers().file("a/../../outside/evil", "x").tar(), "climbs out with ..");
        assertRefused(new TestLayers().file("/etc/evil", "x").tar(), "absolute path");
        assertRefused(new TestLayers().symlink("l", "../outside").tar(), "climbs out of the root");
        assertRefused(new TestLayers().symlink("a/b/l", "../../../outside").tar(), "climbs out of the root");
        assertRefused(new TestLayers().hardlink("h", "../outside/x").tar(), "climbs out with ..");
        assertRefused(new TestLayers().hardlink("h", "/etc/passwd").tar(), "absolute path");
        assertRefused(new TestLayers().hardlink("h", "missing").tar(), "not a regular file in the root");
        assertRefused(new TestLayers().symlink("l", "/etc").hardlink("h", "l").tar(), "not a regular file in the root");
        assertRefused(new TestLayers().entry("dev/null", TarConstants.LF_CHR).tar(), "device nodes are refused");
        assertRefused(new TestLayers().entry("dev/sda", TarConstants.LF_BLK).tar(), "device nodes are refused");
        assertRefused(new TestLayers().entry("fifo", TarConstants.LF_FIFO).tar(), "FIFOs are not supported");
        assertRefused(new TestLayers().file("a", "x").file("a/b", "y").tar(), "is not a directory");
        assertRefused(new TestLayers().file("x".repeat(300), "x").tar(), "a path component of 300 characters");
        assertEquals(List.of(), list(outside));
    }

    @Test
    void refusesHugeHeadersBeforeReadingThemIntoMemory() {
        int value = 2 * 1024 * 1024;
        int record = 8 + "comment=".length() + value + 1; // a 7-digit length, a space, key=value, newline
        byte[] pax = (record + " comment=" + "a".repeat(value) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertRefused(new TestLayers().raw("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC, pax).file("x", "1").tar(),
                "the headers of one tar entry exceed 1048576 bytes");
        byte[] longName = new byte[3 * 1024 * 1024];
        Arrays.fill(longName, (byte) 'n');
        assertRefused(new TestLayers().raw("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, longName).file("x", "1").tar(),
                "the headers of one tar entry exceed");
    }

    @Test
    void dataOfAnEntryThatIsNotWrittenIsSkippedAsDataNotHeaders() throws IOException {
        // A whiteout with content is odd but harmless: its bytes must not count against the header cap.
        apply(new TestLayers().file("a/x", "x").tar());
        apply(new TestLayers().file("a/.wh.x", 0644, new byte[2 * 1024 * 1024]).file("a/y", "y").tar());
        assertFalse(Files.exists(root.resolve("a/x")));
        assertEquals("y", Files.readString(root.resolve("a/y")));
    }

    @Test
    void refusesMoreThanTheUncompressedCap() {
        byte[] big = new byte[3 * 1024 * 1024];
        byte[] layer = TestLayers.gzip(new TestLayers().file("big", 0644, big).tar());
        LayerUnpacker small = new LayerUnpacker(1024 * 1024, false);
        AppsFormatException e = assertThrows(AppsFormatException.class,
                () -> small.apply(new ByteArrayInputStream(layer), root, Optional.empty()));
        assertTrue(e.getMessage().contains("more than 1048576 bytes uncompressed"), e.getMessage());
    }

    @Test
    void checksTheUncompressedDigest() {
        byte[] tar = new TestLayers().file("a", "x").tar();
        DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> unpacker.apply(
                new ByteArrayInputStream(TestLayers.gzip(tar)), root, Optional.of(Digest.of(new byte[1]))));
        assertTrue(e.getMessage().startsWith("layer: uncompressed content hashes to " + Digest.of(tar).shortHex()));
    }

    @Test
    void corruptCompressedDataIsAFormatError() {
        byte[] gz = TestLayers.gzip(new TestLayers().file("a", 0644, new byte[100_000]).tar());
        for (int i = 20; i < gz.length - 8; i += 7) {
            byte[] bad = gz.clone();
            bad[i] ^= 0x55;
            try {
                unpacker.apply(new ByteArrayInputStream(bad), root, Optional.empty());
            } catch (AppsFormatException | DigestMismatchException expected) {
                // the failures a caller handles
            } catch (IOException e) {
                throw new AssertionError("corrupt byte " + i + " gave " + e, e);
            }
        }
    }

    /**
     * Random layers built from hostile pieces (.., absolute names, links to / and above, whiteouts, hard links):
     * whatever is accepted or refused, nothing appears outside the root and every file inside resolves inside.
     */
    @Test
    void randomHostileLayersNeverWriteOutsideTheRoot() throws IOException {
        Random random = new Random(0xc0ffee);
        String[] parts = {"a", "b", "..", ".", "", "/", ".wh.a", ".wh..wh..opq", "outside", "l", "etc"};
        String[] targets = {"/", "..", "../..", "/outside", "a", "../outside", "/etc", "l", "a/../.."};
        int refused = 0;
        for (int i = 0; i < 800; i++) {
            Path r = Files.createDirectory(sandbox.resolve("r" + i));
            TestLayers layer = new TestLayers();
            for (int k = 0, n = 1 + random.nextInt(8); k < n; k++) {
                StringBuilder name = new StringBuilder();
                for (int c = 0, m = 1 + random.nextInt(4); c < m; c++) {
                    name.append(c == 0 ? "" : "/").append(parts[random.nextInt(parts.length)]);
                }
                if (name.toString().isBlank() || name.toString().endsWith("/")) {
                    name.append("x");
                }
                switch (random.nextInt(4)) {
                    case 0 -> layer.file(name.toString(), "f" + k);
                    case 1 -> layer.symlink(name.toString(), targets[random.nextInt(targets.length)]);
                    case 2 -> layer.hardlink(name.toString(), targets[random.nextInt(targets.length)]);
                    default -> layer.dir(name.toString(), 0755);
                }
            }
            try {
                unpacker.apply(new ByteArrayInputStream(layer.tar()), r, Optional.empty());
            } catch (AppsFormatException e) {
                refused++;
            } catch (IOException e) {
                // The file system refusing an odd but confined operation is acceptable; escaping is not.
            }
            assertEquals(List.of(), list(outside), "iteration " + i);
            try (Stream<Path> all = Files.walk(r)) {
                for (Path p : all.toList()) {
                    if (!Files.isSymbolicLink(p)) {
                        assertTrue(p.toRealPath().startsWith(r.toRealPath()), p + " resolves outside the root");
                    }
                }
            }
        }
        assertTrue(refused > 50, "hostile pieces must be refused often: " + refused);
    }

    private void apply(byte[] tar) throws IOException {
        unpacker.apply(new ByteArrayInputStream(tar), root, Optional.of(Digest.of(tar)));
    }

    private void assertRefused(byte[] tar, String expected) {
        AppsFormatException e = assertThrows(AppsFormatException.class,
                () -> unpacker.apply(new ByteArrayInputStream(tar), root, Optional.empty()));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

}
