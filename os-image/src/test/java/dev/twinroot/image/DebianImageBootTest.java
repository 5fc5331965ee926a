package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Boots the Debian arm64 rootfs built from real packages in QEMU (TCG, as DESIGN.md measured): Debian's kernel,
 * our initramfs, the ext4 slot image as /dev/vda, a data disk and a boot disk. The rootfs init runs the
 * self-test (twinroot.selftest=1), which runs java -version from the image's JRE and powers off.
 */
@Tag("qemu")
class DebianImageBootTest {
    static final ExternalTool QEMU = new ExternalTool("qemu-system-aarch64", "qemu-system-arm");
    static final long EPOCH = RootfsBuilder.Options.defaults().epochSeconds();

    private static Path work;
    private static Rootfs rootfs;
    private static Path slot;
    private static Path data;
    private static Path boot;
    private static long slotMillis;

    @BeforeAll
    static void buildImages() throws Exception {
        rootfs = DebianRootfs.get();
        work = Files.createDirectories(Path.of("target", "qemu-boot").toAbsolutePath());
        slot = work.resolve("rootfs-a.ext4");
        long built = System.nanoTime();
        new Ext4Image(new Ext4Image.Options("rootfs-a", UUID.fromString("a1a1a1a1-0000-4000-8000-000000000001"),
                UUID.fromString("a1a1a1a1-0000-4000-8000-000000000002"), EPOCH, OptionalLong.empty())).build(rootfs.tree(), slot);
        slotMillis = (System.nanoTime() - built) / 1_000_000;
        Path bootTree = Files.createDirectories(work.resolve("boot-tree"));
        Files.writeString(bootTree.resolve("README.txt"), "boot partition\n");
        boot = work.resolve("boot.vfat");
        new VfatImage(new VfatImage.Options("BOOT", 0x7a1e0001, 32L << 20, EPOCH)).build(bootTree, boot);
    }

    /** A copy of the pristine boot partition for each boot: a killed guest leaves its vfat dirty. */
    private static Path freshBoot(String name) throws Exception {
        return Files.copy(boot, work.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** A fresh, empty data partition for each boot. */
    private static Path freshData(String name) throws Exception {
        Path dataTree = Files.createDirectories(work.resolve("data-tree"));
        Path image = work.resolve(name);
        new Ext4Image(new Ext4Image.Options("data", UUID.fromString("da7a0000-0000-4000-8000-000000000001"),
                UUID.fromString("da7a0000-0000-4000-8000-000000000002"), EPOCH, OptionalLong.of(64L << 20))).build(dataTree, image);
        return image;
    }

    private static List<String> qemu(String extraCmdline, Path dataImage, Path bootImage) {
        return List.of("-M", "virt", "-cpu", "cortex-a57", "-m", "1024", "-nographic", "-no-reboot",
                "-kernel", rootfs.kernel().toString(), "-initrd", rootfs.initramfs().toString(),
                "-append", "console=ttyAMA0 root=/dev/vda twinroot.slot=A panic=5" + extraCmdline,
                "-drive", "if=none,id=slot,format=raw,file=" + slot, "-device", "virtio-blk-pci,drive=slot",
                "-drive", "if=none,id=data,format=raw,file=" + dataImage, "-device", "virtio-blk-pci,drive=data",
                "-drive", "if=none,id=boot,format=raw,file=" + bootImage, "-device", "virtio-blk-pci,drive=boot",
                "-device", "i6300esb", "-nic", "none");
    }

    @Test
    void slotBootsToTheRootfsInitAndRunsJava() throws Exception {
        String slotBefore = SampleTrees.sha256(slot);
        List<String> args = qemu(" twinroot.selftest=1", freshData("data-selftest.ext4"), freshBoot("boot-selftest.vfat"));
        try (SerialConsole console = new SerialConsole(QEMU.require(), args)) {
            boolean poweredOff = console.awaitExit(Duration.ofMinutes(5));
            String transcript = console.transcript();
            Files.writeString(work.resolve("console.log"), transcript);
            assertTrue(poweredOff, "the guest did not power off within 5 min; QEMU was killed:\n" + transcript);
            for (String marker : List.of(
                    "twinroot-initramfs: mounting rootfs-a (/dev/vda) read-only",
                    "twinroot-init: slot A is up, root filesystem read-only",
                    "twinroot-init: data partition /dev/vdb mounted read-write at /data",
                    "twinroot-init: boot partition /dev/vdc mounted at /mnt/boot",
                    "twinroot-init: hostname twinroot, data persistent=1",
                    "twinroot-selftest: ok root-read-only",
                    "twinroot-selftest: ok data-read-write",
                    "twinroot-selftest: ok etc-writable",
                    "twinroot-selftest: java: openjdk version \"17",
                    "twinroot-selftest: ok java-version",
                    "twinroot-selftest: end failed=0")) {
                assertTrue(console.first(marker).isPresent(), "missing console marker '" + marker + "':\n" + transcript);
            }
            assertEquals(slotBefore, SampleTrees.sha256(slot), "a booted slot keeps every byte the build produced");
            System.out.printf("boot: slot image %d MiB (tree %d MiB) built in %.1f s; rootfs init at %.1f s, java done at %.1f s, powered off at %.1f s%n",
                    Files.size(slot) >> 20, treeMiB(rootfs.tree()), slotMillis / 1000.0,
                    console.first("twinroot-init: slot A is up").orElseThrow().millis() / 1000.0,
                    console.first("twinroot-selftest: ok java-version").orElseThrow().millis() / 1000.0,
                    console.lines().get(console.lines().size() - 1).millis() / 1000.0);
        }
    }

    /** Without the self-test the init hands over to busybox init; the supervisor jar is not in this image. */
    @Test
    void withoutTheSupervisorJarTheInitSaysSoAndKeepsAConsoleShell() throws Exception {
        try (SerialConsole console = new SerialConsole(QEMU.require(), qemu("", freshData("data-console.ext4"), freshBoot("boot-console.vfat")))) {
            var missing = console.await("twinroot-init: supervisor NOT started: /usr/lib/twinroot/twinroot-supervisor.jar is missing",
                    Duration.ofMinutes(3));
            var shell = console.await("Please press Enter to activate this console", Duration.ofSeconds(30));
            Files.writeString(work.resolve("console-no-selftest.log"), console.transcript());
            assertTrue(missing.isPresent() && shell.isPresent(), console.transcript());
            assertTrue(console.first("twinroot-init: starting busybox init").isPresent(), console.transcript());
            assertTrue(console.first("twinroot-init: starting supervisor").isEmpty(), "nothing pretends to start it");
        }
    }

    /**
     * A GPT disk like the real layout (boot, rootfs-a, data) and no root= on the command line: the initramfs
     * finds the slot by its partition name, the rootfs init finds boot and data the same way.
     */
    @Test
    void onAGptDiskTheSlotIsFoundByItsPartitionLabel() throws Exception {
        Path disk = work.resolve("disk.img");
        Path dataImage = freshData("data-gpt.ext4");
        long sector = 512;
        long bootStart = 2048;
        long slotStart = bootStart + Files.size(boot) / sector;
        long dataStart = slotStart + Files.size(slot) / sector;
        long end = dataStart + Files.size(dataImage) / sector;
        Files.deleteIfExists(disk);
        try (var file = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength((end + 2048) * sector);
        }
        new ExternalTool("sgdisk", "gdisk").run(List.of(
                "-n", "1:" + bootStart + ":" + (slotStart - 1), "-c", "1:boot", "-t", "1:0700",
                "-n", "2:" + slotStart + ":" + (dataStart - 1), "-c", "2:rootfs-a",
                "-n", "3:" + dataStart + ":" + (end - 1), "-c", "3:data", disk.toString()), Duration.ofMinutes(1)).requireSuccess();
        try (FileChannel out = FileChannel.open(disk, StandardOpenOption.WRITE)) {
            for (Object[] part : new Object[][] {{freshBoot("boot-gpt.vfat"), bootStart}, {slot, slotStart}, {dataImage, dataStart}}) {
                try (FileChannel in = FileChannel.open((Path) part[0], StandardOpenOption.READ)) {
                    long at = (long) part[1] * sector;
                    for (long done = 0; done < in.size(); ) {
                        done += in.transferTo(done, in.size() - done, out.position(at + done));
                    }
                }
            }
        }
        List<String> args = List.of("-M", "virt", "-cpu", "cortex-a57", "-m", "1024", "-nographic", "-no-reboot",
                "-kernel", rootfs.kernel().toString(), "-initrd", rootfs.initramfs().toString(),
                "-append", "console=ttyAMA0 twinroot.slot=A twinroot.selftest=1 panic=5",
                "-drive", "if=none,id=disk,format=raw,file=" + disk, "-device", "virtio-blk-pci,drive=disk", "-nic", "none");
        try (SerialConsole console = new SerialConsole(QEMU.require(), args)) {
            boolean poweredOff = console.awaitExit(Duration.ofMinutes(5));
            Files.writeString(work.resolve("console-gpt.log"), console.transcript());
            assertTrue(poweredOff, console.transcript());
            assertTrue(console.first("Volume was not properly unmounted").isEmpty(), console.transcript());
            for (String marker : List.of(
                    "twinroot-initramfs: mounting rootfs-a (/dev/vda2) read-only",
                    "twinroot-init: boot partition /dev/vda1 mounted at /mnt/boot",
                    "twinroot-init: data partition /dev/vda3 mounted read-write at /data",
                    "twinroot-selftest: end failed=0")) {
                assertTrue(console.first(marker).isPresent(), "missing console marker '" + marker + "':\n" + console.transcript());
            }
        }
    }

    private static long treeMiB(Path tree) throws Exception {
        ExternalTool.Result du = new ExternalTool("du", "coreutils").run(List.of("-sm", tree.toString()), Duration.ofMinutes(2)).requireSuccess();
        return Long.parseLong(du.stdout().split("\\s+")[0]);
    }
}
