package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot area after real squashfs and erofs images: found where the boot script looks (the filesystem's own
 * size field, rounded up), holding the kernel and initramfs byte for byte, reproducible, and invisible to the
 * filesystem's own tools.
 */
class SlotBootAreaWriterTest {
    private static final Duration TOOL = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void squashfsSlotCarriesTheKernelWhereTheScriptLooks() throws Exception {
        Path image = twice(SlotFilesystemType.SQUASHFS);
        String list = new ExternalTool("unsquashfs", "squashfs-tools")
                .run(List.of("-lls", image.toString()), TOOL).requireSuccess().stdout();
        assertTrue(list.contains("squashfs-root/etc/with space.conf"), "squashfs still reads: " + list);
    }

    @Test
    void erofsSlotCarriesTheKernelWhereTheScriptLooks() throws Exception {
        Path image = twice(SlotFilesystemType.EROFS);
        new ExternalTool("fsck.erofs", "erofs-utils").run(List.of(image.toString()), TOOL).requireSuccess();
    }

    /** Builds the slot twice from copies of one tree; checks the area; returns the first image. */
    private Path twice(SlotFilesystemType type) throws Exception {
        Path tree = SampleTrees.rootfsLike(dir.resolve("tree"));
        Random random = new Random(3);
        byte[] kernel = new byte[100_003];
        byte[] initrd = new byte[20_001];
        random.nextBytes(kernel);
        random.nextBytes(initrd);
        Path kernelFile = Files.write(dir.resolve("Image"), kernel);
        Path initrdFile = Files.write(dir.resolve("initrd.img"), initrd);
        Path first = build(type, tree, dir.resolve("1.img"), kernelFile, initrdFile);
        Thread.sleep(1100); // later ctimes in the copy
        Path second = build(type, SampleTrees.copy(tree, dir.resolve("tree-again")), dir.resolve("2.img"), kernelFile,
                initrdFile);
        assertEquals(SampleTrees.sha256(first), SampleTrees.sha256(second), type + " slot with its boot area, rebuilt");

        ByteBuffer slot = ByteBuffer.wrap(Files.readAllBytes(first)).order(ByteOrder.LITTLE_ENDIAN);
        // What the boot script does: the size field times its unit, rounded up to the area's alignment.
        long filesystem = Integer.toUnsignedLong(slot.getInt(type.sizeFieldOffset())) * type.sizeUnit();
        int start = (int) ((filesystem + 4095) / 4096 * 4096);
        assertEquals(SlotBootArea.MAGIC, slot.getInt(start));
        assertEquals(SlotBootArea.VERSION, slot.getInt(start + SlotBootArea.VERSION_OFFSET));
        int kernelAt = start + slot.getInt(start + SlotBootArea.KERNEL_OFFSET_OFFSET);
        int initrdAt = start + slot.getInt(start + SlotBootArea.INITRD_OFFSET_OFFSET);
        assertEquals(kernel.length, slot.getInt(start + SlotBootArea.KERNEL_SIZE_OFFSET));
        assertEquals(initrd.length, slot.getInt(start + SlotBootArea.INITRD_SIZE_OFFSET));
        assertArrayEquals(kernel, Arrays.copyOfRange(slot.array(), kernelAt, kernelAt + kernel.length));
        assertArrayEquals(initrd, Arrays.copyOfRange(slot.array(), initrdAt, initrdAt + initrd.length));
        assertEquals(0, kernelAt % 512, "sector-aligned for U-Boot's block reads");
        assertEquals(0, initrdAt % 512);
        assertEquals(0, slot.capacity() % 4096);
        assertEquals(slot.capacity(), initrdAt + (initrd.length + 4095) / 4096 * 4096);
        return first;
    }

    private static Path build(SlotFilesystemType type, Path tree, Path image, Path kernel, Path initrd)
            throws IOException {
        SlotFilesystem fs = type == SlotFilesystemType.SQUASHFS ? new SquashfsImage(SlotFilesystemTest.EPOCH)
                : new ErofsImage(SlotFilesystemTest.UUID_A, SlotFilesystemTest.EPOCH);
        fs.build(tree, image);
        long length = new SlotBootAreaWriter(type).append(image, kernel, initrd);
        assertEquals(Files.size(image), length);
        return image;
    }

    @Test
    void anImageOfAnotherFilesystemIsRefused() throws IOException {
        Path tree = SampleTrees.rootfsLike(dir.resolve("tree"));
        Path squashfs = dir.resolve("s.img");
        new SquashfsImage(SlotFilesystemTest.EPOCH).build(tree, squashfs);
        Path kernel = Files.write(dir.resolve("k"), new byte[10]);
        ImageException e = assertThrows(ImageException.class,
                () -> new SlotBootAreaWriter(SlotFilesystemType.EROFS).append(squashfs, kernel, kernel));
        assertTrue(e.getMessage().contains("erofs magic at offset 1024"), e.getMessage());
        Path tiny = Files.write(dir.resolve("tiny"), new byte[100]);
        e = assertThrows(ImageException.class,
                () -> new SlotBootAreaWriter(SlotFilesystemType.SQUASHFS).append(tiny, kernel, kernel));
        assertTrue(e.getMessage().contains("too short for a squashfs superblock"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SlotBootAreaWriter(SlotFilesystemType.EXT4));
    }

    @Test
    void aSizeFieldBeyondTheFileIsRefused() throws IOException {
        Path tree = SampleTrees.rootfsLike(dir.resolve("tree"));
        Path image = dir.resolve("s.img");
        new SquashfsImage(SlotFilesystemTest.EPOCH).build(tree, image);
        byte[] bytes = Files.readAllBytes(image);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0x28, bytes.length + 1);
        Files.write(image, bytes);
        Path kernel = Files.write(dir.resolve("k"), new byte[10]);
        ImageException e = assertThrows(ImageException.class,
                () -> new SlotBootAreaWriter(SlotFilesystemType.SQUASHFS).append(image, kernel, kernel));
        assertTrue(e.getMessage().contains("size field at offset 40 says " + (bytes.length + 1)), e.getMessage());
    }
}
