package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assembly from a directory source: a tiny tree with a kernel, two modules and a static program as busybox. */
class RootfsBuilderTest {
    @TempDir
    Path dir;

    private Path sourceTree() throws Exception {
        Path src = dir.resolve("src");
        TestFiles.deleteTree(src);
        Files.createDirectories(src);
        Files.createDirectories(src.resolve("boot"));
        Files.write(src.resolve("boot/vmlinuz-6.1.0-9-arm64"), new byte[4096]);
        ElfModules.write(src.resolve("lib/modules/6.1.0-9-arm64"), "kernel/fs/ext4/ext4.ko", "depends=jbd2", "name=ext4");
        ElfModules.write(src.resolve("lib/modules/6.1.0-9-arm64"), "kernel/fs/jbd2/jbd2.ko", "depends=", "name=jbd2");
        Files.createDirectories(src.resolve("bin"));
        Files.copy(InitramfsTest.STATIC_PROGRAM, src.resolve("bin/busybox"));
        Files.createDirectories(src.resolve("usr/share/doc/libc6"));
        Files.writeString(src.resolve("usr/share/doc/libc6/copyright"), "GPL");
        Files.createDirectories(src.resolve("etc"));
        Files.writeString(src.resolve("etc/hostname"), "buildhost\n");
        Files.writeString(src.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/ash\n");
        return src;
    }

    private static RootfsBuilder.Options options(List<String> excludes) {
        return new RootfsBuilder.Options("device-1", 1_767_225_600L, new ModuleRequest(List.of("ext4"), List.of()), excludes);
    }

    @Test
    void addsInitMountPointsKernelAndInitramfs() throws Exception {
        Path staging = dir.resolve("staging");
        Rootfs rootfs = new RootfsBuilder(options(List.of("usr/share/doc"))).build(new DirectorySource(sourceTree()), staging);

        assertEquals("6.1.0-9-arm64", rootfs.kernelVersion());
        assertEquals(List.of("jbd2", "ext4"), rootfs.initramfsModules());
        assertEquals(4096, Files.size(staging.resolve("boot/Image")));
        assertEquals(Path.of("Image"), Files.readSymbolicLink(staging.resolve("boot/vmlinuz-6.1.0-9-arm64")));
        assertTrue(Files.size(staging.resolve("boot/initrd.img")) > 0);
        assertArrayEquals(InitScripts.ROOTFS_INIT.bytes(), Files.readAllBytes(staging.resolve("sbin/init")));
        assertEquals(0755, (int) Files.getAttribute(staging.resolve("sbin/init"), "unix:mode") & 07777);
        assertEquals(01777, (int) Files.getAttribute(staging.resolve("tmp"), "unix:mode") & 07777);
        for (String mountPoint : RootfsAdditions.MOUNT_POINTS) {
            assertTrue(Files.isDirectory(staging.resolve(mountPoint)), mountPoint);
        }
        assertEquals("device-1\n", Files.readString(staging.resolve("etc/hostname")));
        assertEquals("root:x:0:0:root:/root:/bin/ash\n", Files.readString(staging.resolve("etc/passwd")), "the source's own users stay");
        assertEquals(Path.of("busybox"), Files.readSymbolicLink(staging.resolve("bin/sh")));
        assertTrue(Files.readString(staging.resolve("etc/inittab")).contains("::respawn:/usr/lib/twinroot/supervisor-run"));
        assertTrue(Files.readString(staging.resolve("etc/inittab")).contains("::shutdown:/usr/lib/twinroot/shutdown"));
        for (String script : List.of("supervisor-run", "class-data", "supervisor-stop", "shutdown")) {
            assertEquals(0755, (int) Files.getAttribute(staging.resolve("usr/lib/twinroot/" + script), "unix:mode") & 07777,
                    script);
        }
        assertArrayEquals(InitScripts.SHUTDOWN.bytes(), Files.readAllBytes(staging.resolve("usr/lib/twinroot/shutdown")));
        assertFalse(Files.exists(staging.resolve("usr/share/doc")));
        assertFalse(Files.exists(staging.resolve("usr/bin/java"), LinkOption.NOFOLLOW_LINKS), "no JRE, no java link");
    }

    @Test
    void anAbsoluteSymlinkInTheSourceCannotRedirectAnExcludeOntoTheHost() throws Exception {
        Path src = sourceTree();
        Path hostDocs = Files.createDirectories(dir.resolve("host/share/doc"));
        Files.writeString(hostDocs.resolve("keep-me"), "host file");
        TestFiles.deleteTree(src.resolve("usr"));
        Files.createSymbolicLink(src.resolve("usr"), dir.resolve("host")); // on the device this means <tree>/<that path>
        new RootfsBuilder(options(List.of("usr/share/doc"))).build(new DirectorySource(src), dir.resolve("staging"));
        assertEquals("host file", Files.readString(hostDocs.resolve("keep-me")));
    }

    @Test
    void excludesMayUseGlobComponents() throws Exception {
        Path src = sourceTree();
        Files.createDirectories(src.resolve("lib/modules/6.1.0-9-arm64/kernel/sound/core"));
        Files.writeString(src.resolve("lib/modules/6.1.0-9-arm64/kernel/sound/core/snd.ko"), "x");
        Path staging = dir.resolve("staging");
        new RootfsBuilder(options(List.of("lib/modules/*/kernel/sound", "usr/share/*/libc6", "no/such/*/path")))
                .build(new DirectorySource(src), staging);
        assertFalse(Files.exists(staging.resolve("lib/modules/6.1.0-9-arm64/kernel/sound")));
        assertTrue(Files.exists(staging.resolve("lib/modules/6.1.0-9-arm64/kernel/fs/ext4/ext4.ko")));
        assertFalse(Files.exists(staging.resolve("usr/share/doc/libc6")));
        assertTrue(Files.isDirectory(staging.resolve("usr/share/doc")));
    }

    @Test
    void refusesANonEmptyStagingDirectoryAndATreeWithoutKernel() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Files.writeString(staging.resolve("leftover"), "x");
        assertThrows(ImageException.class, () -> new RootfsBuilder(options(List.of())).build(new DirectorySource(sourceTree()), staging));

        Path noKernel = sourceTree();
        Files.delete(noKernel.resolve("boot/vmlinuz-6.1.0-9-arm64"));
        var e = assertThrows(ImageException.class,
                () -> new RootfsBuilder(options(List.of())).build(new DirectorySource(noKernel), dir.resolve("other")));
        assertTrue(e.getMessage().contains("expected exactly one /boot/vmlinuz-VERSION, found none"), e.getMessage());
    }

    @Test
    void aMissingDirectorySourceIsReported() {
        var e = assertThrows(ImageException.class,
                () -> new DirectorySource(dir.resolve("absent")).copyInto(Files.createDirectories(dir.resolve("s"))));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
