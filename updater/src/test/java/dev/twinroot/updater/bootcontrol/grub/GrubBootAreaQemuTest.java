package dev.twinroot.updater.bootcontrol.grub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.bootcontrol.BootChooser;
import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateVariables;
import dev.twinroot.updater.bootcontrol.DebianArm64Kernel;
import dev.twinroot.updater.bootcontrol.QemuMachine;
import dev.twinroot.updater.bootcontrol.TestDisk;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Partition;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.contract.SlotFilesystemType;
import dev.twinroot.updater.slot.FileSlotStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRUB 2.06 (Debian's arm64 build, on EDK2) boots Debian's real arm64 kernel from the boot area of a real
 * squashfs slot (A) and a real erofs slot (B, booted with the erofs variant of grub.cfg), through the blocklist records {@link GrubBootAreaFiles} writes:
 * the kernel starts ("Booting Linux"), with the slot's arguments, and unpacks the slot's initramfs (it runs its
 * {@code /init}, which is not a program, so the kernel panics and, with {@code panic=5}, resets; QEMU's
 * {@code -no-reboot} ends the run). A slot whose record holds no blocklists is not booted.
 */
@Tag("qemu")
class GrubBootAreaQemuTest {

    private static final ExternalTool MKSQUASHFS = new ExternalTool("mksquashfs", "squashfs-tools");
    private static final ExternalTool MKFS_EROFS = new ExternalTool("mkfs.erofs", "erofs-utils");
    /** boot, rootfs-a, rootfs-b, data: slots big enough for Debian's 32 MiB kernel. */
    private static final Map<Partition, Long> SIZE_MIB = Map.of(
            Partition.BOOT, 8L, Partition.ROOTFS_A, 40L, Partition.ROOTFS_B, 40L, Partition.DATA, 1L);
    private static final Duration TOOL = Duration.ofMinutes(2);
    /** EDK2 + GRUB + a kernel to its init under TCG on 2 loaded cores. */
    private static final Duration BOOT = Duration.ofMinutes(6);

    private static Path modules;
    private static Path kernel;

    @TempDir
    Path dir;

    @BeforeAll
    static void toolsPresent() {
        QemuMachine.UEFI.assumeRunnable(GrubEfiImage.GRUB_MKIMAGE, MKSQUASHFS, MKFS_EROFS);
        StringBuilder why = new StringBuilder();
        modules = GrubArm64Modules.find(why).orElse(null);
        assumeTrue(modules != null, why::toString);
        kernel = DebianArm64Kernel.find(why).orElse(null);
        assumeTrue(kernel != null, why::toString);
    }

    @Test
    void grubBootsTheKernelFromTheBootAreaOfASquashfsAndAnErofsSlot() throws IOException {
        Map<Slot, Path> slots = new EnumMap<>(Slot.class);
        slots.put(Slot.A, slot(Slot.A, SlotFilesystemType.SQUASHFS));
        slots.put(Slot.B, slot(Slot.B, SlotFilesystemType.EROFS));
        Path esp = Files.createDirectories(dir.resolve("esp"));
        GrubBootAreaFiles records = new GrubBootAreaFiles(esp);
        for (Slot s : Slot.values()) {
            records.slotWritten(s, new FileSlotStorage(slots.get(s)));
        }
        TestDisk disk = disk(slots, esp);

        String a = bootAndCheck(disk, Slot.A, SlotFilesystemType.SQUASHFS);
        assertTrue(a.contains("twinroot: kernel in the boot area, blocks (hd0,gpt2)"
                + blocks(esp, Slot.A, BootContract.GRUB_KERNEL_BLOCKS)), a);

        Path mount = Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(mount.resolve(BootContract.GRUB_ENV_FILE).getParent());
        Files.write(mount.resolve(BootContract.GRUB_ENV_FILE), disk.readBootFile(BootContract.GRUB_ENV_FILE).orElseThrow());
        BootControls.over(new GrubStateStore(mount), Slot.A).markActive(Slot.B);
        disk.writeBootFile(BootContract.GRUB_ENV_FILE, Files.readAllBytes(mount.resolve(BootContract.GRUB_ENV_FILE)));
        bootAndCheck(disk, Slot.B, SlotFilesystemType.EROFS);

        // B's image replaced by one without a boot area (what an installer records for it): B is not booted.
        disk.writeBootFile(BootContract.grubBootAreaFile(Slot.B), GrubBootAreaFiles.block(Optional.empty()));
        String none = QemuMachine.UEFI.boot(disk.image(), BOOT);
        assertTrue(none.contains("twinroot: booting slot B (tries left 1)"), none);
        assertTrue(none.contains("twinroot: no boot area recorded for slot B"), none);
        assertTrue(none.contains("twinroot: boot failed, resetting"), none);
        assertTrue(!none.contains("Booting Linux"), none);
    }

    /**
     * Boots with the grub.cfg of {@code type} (a device has one slot filesystem for life; this disk holds one of
     * each so one test covers both, and the configuration is switched between boots).
     */
    private String bootAndCheck(TestDisk disk, Slot slot, SlotFilesystemType type) throws IOException {
        String filesystem = type.kernelName();
        disk.writeBootFile(BootContract.GRUB_CONFIG_FILE, new GrubConfig("console=ttyAMA0", type).source()
                .getBytes(StandardCharsets.US_ASCII));
        BootState before = BootStateVariables.fromVariables(GrubEnvCodec.decode(
                disk.readBootFile(BootContract.GRUB_ENV_FILE).orElseThrow()));
        BootChooser.BootChoice expected = BootChooser.choose(before);
        assertEquals(slot, expected.slot());
        long start = System.nanoTime();
        String console = QemuMachine.UEFI.boot(disk.image(), BOOT);
        System.out.printf("GRUB + kernel boot of %s slot %s took %d ms%n", filesystem, slot,
                (System.nanoTime() - start) / 1_000_000);
        assertTrue(console.contains("twinroot: booting slot " + slot + " (tries left " + expected.triesLeft() + ")"),
                console);
        assertTrue(console.contains("Booting Linux on physical CPU"), "the kernel did not start: " + console);
        assertTrue(console.matches("(?s).*Kernel command line: [^\n]*twinroot\\.slot=" + slot + " [^\n]*rootfstype="
                + filesystem + ".*"), console);
        assertTrue(console.contains("Run /init as init process"), "the slot's initramfs was not unpacked: " + console);
        assertEquals(expected.next(), BootStateVariables.fromVariables(GrubEnvCodec.decode(
                disk.readBootFile(BootContract.GRUB_ENV_FILE).orElseThrow())));
        return console;
    }

    private static String blocks(Path esp, Slot slot, String variable) throws IOException {
        return GrubEnvCodec.decode(Files.readAllBytes(esp.resolve(BootContract.grubBootAreaFile(slot)))).get(variable);
    }

    /** A real filesystem image followed by the boot area, as the image builder writes it. */
    private Path slot(Slot slot, SlotFilesystemType type) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree-" + slot).resolve("etc"));
        Files.writeString(tree.resolve("slot"), slot.name() + "\n");
        Path image = dir.resolve("slot-" + slot + ".img");
        if (type == SlotFilesystemType.SQUASHFS) {
            MKSQUASHFS.run(List.of(tree.getParent().toString(), image.toString(), "-noappend", "-quiet"), TOOL)
                    .requireSuccess();
        } else {
            MKFS_EROFS.run(List.of(image.toString(), tree.getParent().toString()), TOOL).requireSuccess();
        }
        byte[] fs = Files.readAllBytes(image);
        ByteBuffer le = ByteBuffer.wrap(fs).order(ByteOrder.LITTLE_ENDIAN);
        long fsBytes = type == SlotFilesystemType.SQUASHFS ? le.getLong(0x28) : 4096L * le.getInt(0x424);
        byte[] k = Files.readAllBytes(kernel);
        byte[] initrd = initramfs(slot);
        long start = SlotBootArea.start(fsBytes);
        try (RandomAccessFile out = new RandomAccessFile(image.toFile(), "rw")) {
            out.setLength(start + SlotBootArea.length(k.length, initrd.length));
            out.seek(start);
            out.write(SlotBootArea.header(k.length, initrd.length));
            out.seek(start + SlotBootArea.HEADER_SIZE);
            out.write(k);
            out.seek(start + SlotBootArea.initrdOffset(k.length));
            out.write(initrd);
        }
        return image;
    }

    /** A gzip cpio with an executable {@code /init} that is not a program. */
    private static byte[] initramfs(Slot slot) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(new GZIPOutputStream(bytes),
                CpioConstants.FORMAT_NEW)) {
            byte[] init = ("slot " + slot + ": not a program\n").getBytes(StandardCharsets.US_ASCII);
            CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, "init", init.length);
            e.setMode(CpioConstants.C_ISREG | 0755);
            e.setInode(1);
            e.setNumberOfLinks(1);
            cpio.putArchiveEntry(e);
            cpio.write(init);
            cpio.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    /** GPT (the contract's numbers and labels), a vfat ESP with GRUB, grub.cfg, grubenv and the records, the slots. */
    private TestDisk disk(Map<Slot, Path> slots, Path esp) throws IOException {
        Path efi = dir.resolve("BOOTAA64.EFI");
        GrubEfiImage.build(modules, efi);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(GrubEfiImage.PATH, Files.readAllBytes(efi));
        files.put(BootContract.GRUB_CONFIG_FILE, new GrubConfig("console=ttyAMA0", SlotFilesystemType.SQUASHFS)
                .source().getBytes(StandardCharsets.US_ASCII));
        files.put(BootContract.GRUB_ENV_FILE, GrubEnvCodec.encode(BootStateVariables.toVariables(BootState.defaults())));
        for (Slot s : Slot.values()) {
            files.put(BootContract.grubBootAreaFile(s), Files.readAllBytes(esp.resolve(BootContract.grubBootAreaFile(s))));
        }
        Map<Partition, byte[]> raw = new EnumMap<>(Partition.class);
        for (Slot s : Slot.values()) {
            raw.put(s.partition(), Files.readAllBytes(slots.get(s)));
        }
        return TestDisk.withRawSlots(dir, files, raw, SIZE_MIB);
    }
}
