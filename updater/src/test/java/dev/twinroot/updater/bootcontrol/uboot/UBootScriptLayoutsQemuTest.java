package dev.twinroot.updater.bootcontrol.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.QemuMachine;
import dev.twinroot.updater.bootcontrol.TestDisk;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Partition;
import dev.twinroot.updater.contract.PartitionTable;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script's variants in real U-Boot: an MBR disk (root by PARTUUID, read by {@code part uuid} at boot) and
 * squashfs/erofs slots (kernel and initramfs from the raw boot area). The slots hold a superblock with only the
 * size field set and a boot area with random "kernel" and "initramfs" bytes: U-Boot's {@code crc32} of what it
 * loaded (a line added in front of {@code booti} for this test) must equal Java's CRC32 of those bytes, and
 * {@code booti} then refuses the fake kernel, so the script resets and QEMU exits.
 */
@Tag("qemu")
class UBootScriptLayoutsQemuTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void toolsPresent() {
        QemuMachine.UBOOT.assumeRunnable(BootScriptCompiler.MKIMAGE);
    }

    @Test
    void onAnMbrDiskTheRootIsTheSlotsPartuuid() throws IOException {
        String script = new UBootScript("console=ttyAMA0", PartitionTable.MBR, SlotFilesystemType.EXT4).source();
        TestDisk disk = TestDisk.createMbr(dir, bootFiles(script));
        String console = QemuMachine.UBOOT.boot(disk.image());
        assertTrue(console.contains(UBootScript.bootingMarker(Slot.A, 2)), console);
        assertTrue(console.contains("twinroot: kernel arguments root=PARTUUID=" + TestDisk.MBR_SIGNATURE + "-02 ro rootwait"
                + " twinroot.slot=A panic=5 console=ttyAMA0\n"), console);
        assertTrue(console.contains("Bad Linux ARM64 Image magic!"), "the ext4 slot's fake kernel was loaded:\n" + console);
        // The boot state on the MBR disk's FAT partition was saved like on GPT.
        byte[] saved = disk.readBootFile(BootContract.STATE_FILES.get(1)).orElseThrow();
        assertEquals(BootState.defaults().withTriesLeft(Slot.A, 2), RedundantBootState.state(
                RedundantBootState.parse(1, saved)));
    }

    @Test
    void aSquashfsSlotsKernelComesFromItsBootArea() throws IOException {
        bootsFromTheBootArea(SlotFilesystemType.SQUASHFS, 1_000_003);
    }

    @Test
    void anErofsSlotsKernelComesFromItsBootArea() throws IOException {
        bootsFromTheBootArea(SlotFilesystemType.EROFS, 2);
    }

    /** {@code size}: the filesystem's size field, in the type's unit (bytes for squashfs, 4 KiB blocks for erofs). */
    private void bootsFromTheBootArea(SlotFilesystemType type, int size) throws IOException {
        Random random = new Random(type.ordinal());
        byte[] kernel = new byte[70_001 + random.nextInt(4096)];
        byte[] initrd = new byte[30_001 + random.nextInt(4096)];
        random.nextBytes(kernel);
        random.nextBytes(initrd);
        long filesystemBytes = (long) size * type.sizeUnit();
        long start = SlotBootArea.start(filesystemBytes);
        ByteBuffer slot = ByteBuffer.allocate((int) (start + SlotBootArea.length(kernel.length, initrd.length)))
                .order(ByteOrder.LITTLE_ENDIAN);
        slot.putInt(type.sizeFieldOffset(), size);
        slot.put((int) start, SlotBootArea.header(kernel.length, initrd.length));
        slot.put((int) (start + SlotBootArea.HEADER_SIZE), kernel);
        slot.put((int) (start + SlotBootArea.initrdOffset(kernel.length)), initrd);
        assertTrue(slot.capacity() < 4 << 20, "the test slot fits TestDisk's 4 MiB partition");

        String script = new UBootScript("console=ttyAMA0", PartitionTable.GPT, type).source();
        assertTrue(script.contains(" booti "), script);
        String instrumented = script.replace(" booti ", " crc32 ${kernel_addr_r} ${tr_ksize}; crc32 ${ramdisk_addr_r}"
                + " ${tr_isize}; booti ");
        TestDisk disk = TestDisk.withRawSlots(dir, bootFiles(instrumented), Map.of(Partition.ROOTFS_A, slot.array()));
        String console = QemuMachine.UBOOT.boot(disk.image());

        assertTrue(console.contains("twinroot: kernel arguments root=PARTLABEL=rootfs-a ro rootwait twinroot.slot=A panic=5"
                + " rootfstype=" + type.kernelName() + " console=ttyAMA0\n"), console);
        long areaSector = TestDisk.startSector(Partition.ROOTFS_A) + start / 512;
        assertTrue(console.contains("twinroot: kernel in the boot area at sector " + Long.toHexString(areaSector) + ", 0x"
                + Integer.toHexString(kernel.length) + " bytes, initramfs 0x" + Integer.toHexString(initrd.length)
                + " bytes\n"), console);
        assertTrue(console.contains("==> " + crc(kernel)), "kernel CRC32 " + crc(kernel) + ":\n" + console);
        assertTrue(console.contains("==> " + crc(initrd)), "initramfs CRC32 " + crc(initrd) + ":\n" + console);
        assertTrue(console.contains("Bad Linux ARM64 Image magic!"), console);
        assertTrue(console.contains(UBootScript.BOOT_FAILED_MARKER), console);
    }

    @Test
    void aSlotWithoutBootAreaIsReportedAndReset() throws IOException {
        ByteBuffer slot = ByteBuffer.allocate(64 << 10).order(ByteOrder.LITTLE_ENDIAN);
        slot.putInt(SlotFilesystemType.SQUASHFS.sizeFieldOffset(), 8192);
        String script = new UBootScript("", PartitionTable.GPT, SlotFilesystemType.SQUASHFS).source();
        TestDisk disk = TestDisk.withRawSlots(dir, bootFiles(script), Map.of(Partition.ROOTFS_A, slot.array()));
        String console = QemuMachine.UBOOT.boot(disk.image());
        assertTrue(console.contains(UBootScript.NO_BOOT_AREA_MARKER), console);
        assertTrue(console.contains(UBootScript.BOOT_FAILED_MARKER), console);
    }

    private Map<String, byte[]> bootFiles(String script) throws IOException {
        Path scr = dir.resolve(BootContract.BOOT_SCRIPT);
        BootScriptCompiler.compile(script, scr);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(BootContract.BOOT_SCRIPT, Files.readAllBytes(scr));
        List<byte[]> copies = RedundantBootState.initialCopies(BootState.defaults());
        for (int i = 0; i < copies.size(); i++) {
            files.put(BootContract.STATE_FILES.get(i), copies.get(i));
        }
        return files;
    }

    private static String crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return String.format("%08x", crc.getValue());
    }
}
