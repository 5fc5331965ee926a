package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsTest {
    /** Debian links ldconfig statically: a real static executable on any Debian host. */
    static final Path STATIC_PROGRAM = Path.of("/sbin/ldconfig");

    @TempDir
    Path dir;

    private Kernel kernel() throws Exception {
        Path modules = dir.resolve("lib/modules/6.1.0-test");
        ElfModules.write(modules, "kernel/fs/ext4/ext4.ko", "depends=jbd2", "name=ext4");
        ElfModules.write(modules, "kernel/fs/jbd2/jbd2.ko", "depends=", "name=jbd2");
        return new Kernel("6.1.0-test", dir.resolve("boot/vmlinuz-6.1.0-test"), modules);
    }

    @Test
    void holdsBusyboxTheModuleClosureInOrderAndInit() throws Exception {
        Path out = dir.resolve("initrd.img");
        LoadPlan plan = new Initramfs(new ModuleRequest(List.of("ext4"), List.of("virtio_net")), 1_767_225_600L)
                .write(kernel(), STATIC_PROGRAM, out);
        assertEquals(List.of("jbd2", "ext4"), plan.names());

        Map<String, CpioArchiveEntry> entries = new HashMap<>();
        Map<String, byte[]> contents = new HashMap<>();
        try (InputStream in = new CpioArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(out)))) {
            CpioArchiveInputStream cpio = (CpioArchiveInputStream) in;
            for (CpioArchiveEntry e; (e = cpio.getNextEntry()) != null; ) {
                entries.put(e.getName(), e);
                contents.put(e.getName(), cpio.readAllBytes());
            }
        }
        assertEquals("lib/modules/6.1.0-test/kernel/fs/jbd2/jbd2.ko\nlib/modules/6.1.0-test/kernel/fs/ext4/ext4.ko\n",
                new String(contents.get(Initramfs.MODULE_LIST), StandardCharsets.UTF_8));
        assertArrayEquals(Files.readAllBytes(STATIC_PROGRAM), contents.get("bin/busybox"));
        assertArrayEquals(InitScripts.INITRAMFS_INIT.bytes(), contents.get("init"));
        assertEquals(0755, entries.get("init").getMode() & 07777);
        assertTrue(entries.get("dev/console").isCharacterDevice());
        assertEquals(5, entries.get("dev/console").getRemoteDeviceMaj());
        assertTrue(entries.get("lib/modules/6.1.0-test/kernel/fs").isDirectory());

        // The host's cpio, which the kernel's own unpacker matches, reads it as newc.
        ExternalTool.Result listing = new ExternalTool("sh", "dash").run(List.of("-c", "zcat '" + out + "' | cpio -it --quiet"),
                Duration.ofMinutes(1)).requireSuccess();
        assertTrue(listing.stdout().lines().toList().containsAll(List.of("init", "bin/busybox", "dev/console",
                "lib/modules/6.1.0-test/kernel/fs/ext4/ext4.ko")), listing.stdout());
    }

    @Test
    void isByteIdenticalWhenBuiltAgain() throws Exception {
        Initramfs initramfs = new Initramfs(new ModuleRequest(List.of("ext4"), List.of()), 1_767_225_600L);
        initramfs.write(kernel(), STATIC_PROGRAM, dir.resolve("a.img"));
        Thread.sleep(1100);
        initramfs.write(kernel(), STATIC_PROGRAM, dir.resolve("b.img"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.img")), Files.readAllBytes(dir.resolve("b.img")));
    }

    @Test
    void refusesADynamicallyLinkedBusybox() throws Exception {
        var e = assertThrows(ImageException.class, () -> new Initramfs(ModuleRequest.defaults(), 0)
                .write(kernel(), Path.of("/bin/ls"), dir.resolve("x.img")));
        assertTrue(e.getMessage().contains("not a statically linked"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.img")));
    }
}
