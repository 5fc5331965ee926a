package dev.twinroot.updater.bootcontrol.grub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.slot.FileSlotStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrubBootAreaFilesTest {

    @TempDir
    Path dir;

    /** A squashfs-shaped slot of 6000 filesystem bytes: the area at 8192, kernel at 12288, initramfs after it. */
    private Path squashfsSlot(int kernelBytes, int initrdBytes) throws IOException {
        long start = SlotBootArea.start(6000);
        byte[] slot = new byte[(int) (start + SlotBootArea.length(kernelBytes, initrdBytes)) + 65536];
        ByteBuffer b = ByteBuffer.wrap(slot).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x73717368).putLong(0x28, 6000);
        System.arraycopy(SlotBootArea.header(kernelBytes, initrdBytes), 0, slot, (int) start, SlotBootArea.HEADER_SIZE);
        return Files.write(dir.resolve("slot-" + kernelBytes + ".img"), slot);
    }

    @Test
    void recordsTheKernelAndInitramfsAsSectorBlocklists() throws IOException {
        Path esp = dir.resolve("esp");
        new GrubBootAreaFiles(esp.resolve("")).slotWritten(Slot.B, new FileSlotStorage(squashfsSlot(1000, 513)));
        Map<String, String> vars = GrubEnvCodec.decode(Files.readAllBytes(esp.resolve(BootContract.grubBootAreaFile(Slot.B))));
        // 12288 / 512 = 24, one sector of kernel; initramfs at 8192 + 8192 = 16384 = sector 32, 513 bytes = 2 sectors.
        assertEquals(Map.of("TWINROOT_KERNEL", "24+2", "TWINROOT_INITRD", "32+2"), vars);
        assertEquals(Map.of(BootContract.GRUB_KERNEL_BLOCKS, "24+2", BootContract.GRUB_INITRD_BLOCKS, "32+2"), vars);
        assertFalse(Files.exists(esp.resolve(BootContract.grubBootAreaFile(Slot.A))), "only the written slot's record");
    }

    @Test
    void anUpdateWithALargerKernelMovesTheInitramfsInTheRecord() throws IOException {
        Path esp = Files.createDirectories(dir.resolve("esp"));
        GrubBootAreaFiles files = new GrubBootAreaFiles(esp);
        files.slotWritten(Slot.A, new FileSlotStorage(squashfsSlot(1000, 100)));
        Path record = esp.resolve(BootContract.grubBootAreaFile(Slot.A));
        long inode = (long) Files.getAttribute(record, "unix:ino");
        files.slotWritten(Slot.A, new FileSlotStorage(squashfsSlot(9000, 100)));
        assertEquals(Map.of("TWINROOT_KERNEL", "24+18", "TWINROOT_INITRD", "48+1"), GrubEnvCodec.decode(Files.readAllBytes(record)));
        assertEquals(inode, (long) Files.getAttribute(record, "unix:ino"), "rewritten in place, as GRUB files are");
        assertEquals(GrubEnvCodec.SIZE, Files.size(record));
    }

    @Test
    void anExt4SlotClearsAStaleRecordAndCreatesNone() throws IOException {
        Path esp = Files.createDirectories(dir.resolve("esp"));
        GrubBootAreaFiles files = new GrubBootAreaFiles(esp);
        Path ext4 = Files.write(dir.resolve("ext4.img"), Arrays.copyOf(new byte[] {1, 2, 3}, 1 << 16));
        files.slotWritten(Slot.A, new FileSlotStorage(ext4));
        assertFalse(Files.exists(esp.resolve(BootContract.grubBootAreaFile(Slot.A))));
        files.slotWritten(Slot.B, new FileSlotStorage(squashfsSlot(1000, 100)));
        files.slotWritten(Slot.B, new FileSlotStorage(ext4));
        assertEquals(Map.of(), GrubEnvCodec.decode(Files.readAllBytes(esp.resolve(BootContract.grubBootAreaFile(Slot.B)))));
    }
}
