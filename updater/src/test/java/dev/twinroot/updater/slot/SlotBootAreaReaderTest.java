package dev.twinroot.updater.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotBootAreaReaderTest {

    private static final ExternalTool MKSQUASHFS = new ExternalTool("mksquashfs", "squashfs-tools");
    private static final ExternalTool MKFS_EROFS = new ExternalTool("mkfs.erofs", "erofs-utils");

    @TempDir
    Path dir;

    /** A slot as the image builder lays it out: filesystem bytes, the area at the next 4 KiB, kernel, initramfs. */
    static byte[] slot(byte[] filesystem, long filesystemBytes, byte[] kernel, byte[] initrd, int trailing) {
        int start = (int) SlotBootArea.start(filesystemBytes);
        int length = (int) SlotBootArea.length(kernel.length, initrd.length);
        byte[] slot = Arrays.copyOf(filesystem, start + length + trailing);
        System.arraycopy(SlotBootArea.header(kernel.length, initrd.length), 0, slot, start, SlotBootArea.HEADER_SIZE);
        System.arraycopy(kernel, 0, slot, start + SlotBootArea.HEADER_SIZE, kernel.length);
        System.arraycopy(initrd, 0, slot, start + (int) SlotBootArea.initrdOffset(kernel.length), initrd.length);
        return slot;
    }

    static byte[] squashfsSuperblock(long bytesUsed) {
        ByteBuffer b = ByteBuffer.allocate((int) Math.max(4096, bytesUsed)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, SlotBootAreaReader.SQUASHFS_MAGIC).putLong(0x28, bytesUsed);
        return b.array();
    }

    static byte[] erofsSuperblock(int blocks) {
        ByteBuffer b = ByteBuffer.allocate(blocks * 4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1024, SlotBootAreaReader.EROFS_MAGIC).put(0x40c, (byte) 12).putInt(0x424, blocks);
        return b.array();
    }

    @Test
    void findsTheAreaBehindASquashfsAndAnErofs() throws IOException {
        byte[] kernel = new byte[10_000];
        byte[] initrd = new byte[3_000];
        byte[] squash = slot(squashfsSuperblock(5000), 5000, kernel, initrd, 0);
        SlotBootAreaReader.Location s = SlotBootAreaReader.read(squash).orElseThrow();
        assertEquals(new SlotBootAreaReader.Location(SlotFilesystemType.SQUASHFS, 8192, 8192 + 4096, 10_000,
                8192 + SlotBootArea.initrdOffset(10_000), 3_000), s);
        byte[] erofs = slot(erofsSuperblock(3), 3 * 4096, kernel, initrd, 12_345);
        SlotBootAreaReader.Location e = SlotBootAreaReader.read(erofs).orElseThrow();
        assertEquals(SlotFilesystemType.EROFS, e.filesystem());
        assertEquals(3 * 4096, e.areaStart());
        assertEquals(3 * 4096 + 4096, e.kernelOffset());
    }

    @Test
    void anExt4OrAnAreaLessSlotHasNone() throws IOException {
        assertEquals(Optional.empty(), SlotBootAreaReader.read(new byte[1 << 16]), "no known superblock");
        assertEquals(Optional.empty(), SlotBootAreaReader.read(squashfsSuperblock(4096)), "ends at the filesystem");
        byte[] noMagic = squashfsSuperblock(4096);
        noMagic = Arrays.copyOf(noMagic, 3 * 4096);
        assertEquals(Optional.empty(), SlotBootAreaReader.read(noMagic), "zeros after the filesystem");
        assertEquals(Optional.empty(), SlotBootAreaReader.read(new byte[100]), "shorter than a block");
    }

    @Test
    void aBrokenHeaderIsRefusedByField() {
        byte[] good = slot(squashfsSuperblock(4096), 4096, new byte[5000], new byte[100], 0);
        assertRefused(good, SlotBootArea.VERSION_OFFSET, 2, "version 2, expected 1");
        assertRefused(good, SlotBootArea.KERNEL_OFFSET_OFFSET, 8192, "kernel offset 8192, expected 4096");
        assertRefused(good, SlotBootArea.KERNEL_SIZE_OFFSET, 0, "kernel size 0");
        assertRefused(good, SlotBootArea.INITRD_OFFSET_OFFSET, 4096, "initramfs offset 4096, expected 12288");
        assertRefused(good, SlotBootArea.INITRD_SIZE_OFFSET, 1 << 20, "past the slot's");
        byte[] erofs = slot(erofsSuperblock(1), 4096, new byte[1], new byte[1], 0);
        erofs[0x40c] = 9;
        BootAreaFormatException e = assertThrows(BootAreaFormatException.class, () -> SlotBootAreaReader.read(erofs));
        assertTrue(e.getMessage().contains("blkszbits at 0x40c is 9"), e.getMessage());
    }

    private static void assertRefused(byte[] good, int field, int value, String message) {
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(4096 + field, value);
        BootAreaFormatException e = assertThrows(BootAreaFormatException.class, () -> SlotBootAreaReader.read(bad));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** The real tools' superblocks, read through a channel over a file longer than the image (a partition). */
    @Test
    void realSquashfsAndErofsImages() throws IOException {
        assumeTrue(MKSQUASHFS.isPresent() && MKFS_EROFS.isPresent(), "needs squashfs-tools and erofs-utils");
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        byte[] bulk = new byte[200_000];
        new Random(3).nextBytes(bulk);
        Files.write(tree.resolve("bulk"), bulk);
        Path squash = dir.resolve("s.img");
        MKSQUASHFS.run(List.of(tree.getParent().toString(), squash.toString(), "-noappend", "-quiet"),
                Duration.ofMinutes(1)).requireSuccess();
        Path erofs = dir.resolve("e.img");
        MKFS_EROFS.run(List.of(erofs.toString(), tree.getParent().toString()), Duration.ofMinutes(1)).requireSuccess();
        byte[] kernel = new byte[70_001];
        byte[] initrd = new byte[9_999];
        new Random(4).nextBytes(kernel);
        for (Path image : List.of(squash, erofs)) {
            byte[] fs = Files.readAllBytes(image);
            long fsBytes = image == squash
                    ? ByteBuffer.wrap(fs).order(ByteOrder.LITTLE_ENDIAN).getLong(0x28)
                    : 4096L * ByteBuffer.wrap(fs).order(ByteOrder.LITTLE_ENDIAN).getInt(0x424);
            Path partition = dir.resolve(image.getFileName() + ".part");
            Files.write(partition, slot(fs, fsBytes, kernel, initrd, 1 << 20));
            SlotBootAreaReader.Location at;
            try (FileChannel in = FileChannel.open(partition)) {
                at = SlotBootAreaReader.read(in).orElseThrow();
            }
            assertEquals(SlotBootArea.start(fsBytes), at.areaStart(), image.toString());
            assertEquals(image == squash ? SlotFilesystemType.SQUASHFS : SlotFilesystemType.EROFS, at.filesystem());
            byte[] all = Files.readAllBytes(partition);
            assertEquals(ByteBuffer.wrap(kernel), ByteBuffer.wrap(all, (int) at.kernelOffset(), (int) at.kernelSize()));
            assertEquals(ByteBuffer.wrap(initrd), ByteBuffer.wrap(all, (int) at.initrdOffset(), (int) at.initrdSize()));
        }
    }

    /** Seeded random layouts are found exactly; their mutations give a location, nothing, or the format error. */
    @Test
    void randomSlotsAndTheirMutations() throws IOException {
        Random r = new Random(2027);
        for (int i = 0; i < 3000; i++) {
            boolean squashfs = r.nextBoolean();
            int fsBytes = squashfs ? 4096 + r.nextInt(20_000) : 4096 * (1 + r.nextInt(5));
            byte[] fs = squashfs ? squashfsSuperblock(fsBytes) : erofsSuperblock(fsBytes / 4096);
            byte[] kernel = new byte[1 + r.nextInt(20_000)];
            byte[] initrd = new byte[1 + r.nextInt(5_000)];
            byte[] slot = slot(fs, fsBytes, kernel, initrd, r.nextInt(3) * 4096);
            SlotBootAreaReader.Location at = SlotBootAreaReader.read(slot).orElseThrow();
            assertEquals(kernel.length, at.kernelSize());
            assertEquals(initrd.length, at.initrdSize());
            assertEquals(SlotBootArea.start(fsBytes), at.areaStart());
            byte[] mutated = slot.clone();
            for (int k = 0, n = 1 + r.nextInt(6); k < n; k++) {
                int where = r.nextBoolean() ? r.nextInt(Math.min(mutated.length, 64)) + (r.nextBoolean() ? 0 : 1024)
                        : (int) at.areaStart() + r.nextInt(24);
                mutated[Math.min(where, mutated.length - 1)] = (byte) r.nextInt();
            }
            if (r.nextInt(10) == 0) {
                mutated = Arrays.copyOf(mutated, r.nextInt(mutated.length));
            }
            try {
                SlotBootAreaReader.read(mutated).ifPresent(l -> assertTrue(l.initrdOffset() + l.initrdSize() <= slot.length));
            } catch (BootAreaFormatException expected) {
                // a refusal is a correct answer
            }
        }
    }
}
