package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarballSourceTest {
    @TempDir
    Path dir;

    /** A small merged-/usr rootfs the way Yocto and Debian ship them. */
    static byte[] rootfsTar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            directory(tar, "./", 0755);
            directory(tar, "./usr/", 0755);
            directory(tar, "./usr/bin/", 0755);
            symlink(tar, "./bin", "usr/bin");
            file(tar, "./usr/bin/busybox", 0755, "busybox");
            file(tar, "./usr/bin/su", 04755, "setuid");
            hardlink(tar, "./usr/bin/sh", "./usr/bin/busybox");
            directory(tar, "./etc/", 0755);
            file(tar, "./bin/via-link", 0644, "written through the bin symlink");
            TarArchiveEntry console = new TarArchiveEntry("./dev/console", TarConstants.LF_CHR);
            console.setDevMajor(5);
            console.setDevMinor(1);
            tar.putArchiveEntry(console);
            tar.closeArchiveEntry();
            file(tar, "./" + "x".repeat(150) + "/long-name", 0644, "long");
        }
        return bytes.toByteArray();
    }

    @Test
    void extractsPlainGzipAndZstdTarballsAlike() throws Exception {
        byte[] tar = rootfsTar();
        for (var format : new Object[][] {
                {"rootfs.tar", (Function<OutputStream, OutputStream>) out -> out},
                {"rootfs.tar.gz", (Function<OutputStream, OutputStream>) TarballSourceTest::gzip},
                {"rootfs.tar.zst", (Function<OutputStream, OutputStream>) TarballSourceTest::zstd}}) {
            Path tarball = dir.resolve((String) format[0]);
            @SuppressWarnings("unchecked")
            Function<OutputStream, OutputStream> compress = (Function<OutputStream, OutputStream>) format[1];
            try (OutputStream out = compress.apply(Files.newOutputStream(tarball))) {
                out.write(tar);
            }
            Path staging = Files.createDirectories(dir.resolve("staging-" + format[0]));
            new TarballSource(tarball).copyInto(staging);

            assertEquals("busybox", Files.readString(staging.resolve("usr/bin/busybox")));
            assertEquals("written through the bin symlink", Files.readString(staging.resolve("usr/bin/via-link")));
            assertEquals(Path.of("usr/bin"), Files.readSymbolicLink(staging.resolve("bin")));
            assertEquals(04755, (int) Files.getAttribute(staging.resolve("usr/bin/su"), "unix:mode") & 07777);
            assertEquals(Files.getAttribute(staging.resolve("usr/bin/busybox"), "unix:ino"),
                    Files.getAttribute(staging.resolve("usr/bin/sh"), "unix:ino"), "hard link");
            assertFalse(Files.exists(staging.resolve("dev/console"), LinkOption.NOFOLLOW_LINKS), "device nodes are skipped");
            assertTrue(Files.exists(staging.resolve("x".repeat(150) + "/long-name")));
        }
    }

    @Test
    void nothingLandsOutsideTheStagingTree() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            symlink(tar, "./escape", outside.toString()); // absolute: means <tree>/<that path> on the device
            symlink(tar, "./up", "../../..");
            file(tar, "./escape/a", 0644, "a");
            file(tar, "./up/b", 0644, "b");
            file(tar, "/abs", 0644, "c");
        }
        TarballSource.extract(new ByteArrayInputStream(bytes.toByteArray()), staging);
        try (Stream<Path> leaked = Files.list(outside)) {
            assertEquals(0, leaked.count());
        }
        assertEquals("a", Files.readString(staging.resolve(outside.toString().substring(1) + "/a")));
        assertEquals("b", Files.readString(staging.resolve("b")));
        assertEquals("c", Files.readString(staging.resolve("abs")));

        ByteArrayOutputStream dotdot = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(dotdot)) {
            file(tar, "../evil", 0644, "x");
        }
        var e = assertThrows(ImageException.class,
                () -> TarballSource.extract(new ByteArrayInputStream(dotdot.toByteArray()), staging));
        assertTrue(e.getMessage().contains("'..' component"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil")));
    }

    /** Random corruption of a real tarball gives a tree or ImageException, and never writes outside. */
    @Test
    void corruptedTarballsFailWithImageException() throws Exception {
        byte[] valid = rootfsTar();
        Random random = new Random(4242);
        for (int i = 0; i < 300; i++) {
            byte[] bytes = valid.clone();
            for (int flips = 1 + random.nextInt(16); flips > 0; flips--) {
                bytes[random.nextInt(Math.min(bytes.length, 4096))] = (byte) random.nextInt(256);
            }
            Path staging = Files.createDirectories(dir.resolve("s" + i));
            try {
                TarballSource.extract(new ByteArrayInputStream(bytes), staging);
            } catch (ImageException expected) {
                // the module's exception: fine
            }
        }
        try (Stream<Path> top = Files.list(dir)) {
            assertEquals(300, top.count(), "only the staging directories exist next to each other");
        }
    }

    static OutputStream gzip(OutputStream out) {
        try {
            return new GzipCompressorOutputStream(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static OutputStream zstd(OutputStream out) {
        try {
            return new ZstdCompressorOutputStream(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040000 | mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static void file(TarArchiveOutputStream tar, String name, int mode, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(0100000 | mode);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static void hardlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}
