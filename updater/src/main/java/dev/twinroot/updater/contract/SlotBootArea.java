package dev.twinroot.updater.contract;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where a squashfs or erofs slot keeps the kernel and initramfs for U-Boot, which cannot read those
 * filesystems: a raw area inside the slot image, right after the filesystem, so it is written, hashed and
 * delta-updated with the slot as one unit. Byte layout (docs/formats/slot-boot-area.md): the area starts at the
 * filesystem's size rounded up to {@link #ALIGNMENT}; a {@link #HEADER_SIZE}-byte header of little-endian
 * 32-bit fields (so U-Boot's {@code setexpr.l} reads them), the kernel at {@link #HEADER_SIZE}, the initramfs at
 * the next {@link #ALIGNMENT} boundary after the kernel.
 */
public final class SlotBootArea {

    /** {@code "TWBA"}: the first four bytes, read as a little-endian 32-bit number. */
    public static final int MAGIC = 0x41425754;
    public static final int VERSION = 1;
    public static final int ALIGNMENT = 4096;
    public static final int HEADER_SIZE = 4096;
    /** Field offsets in the header. */
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int KERNEL_OFFSET_OFFSET = 8;
    public static final int KERNEL_SIZE_OFFSET = 12;
    public static final int INITRD_OFFSET_OFFSET = 16;
    public static final int INITRD_SIZE_OFFSET = 20;

    private SlotBootArea() {
    }

    /** Where the area starts in a slot whose filesystem is {@code filesystemBytes} long. */
    public static long start(long filesystemBytes) {
        return align(filesystemBytes);
    }

    /** Offset of the initramfs from the area's start. */
    public static long initrdOffset(long kernelBytes) {
        return align(Math.addExact(HEADER_SIZE, kernelBytes));
    }

    /** The area's length: header, kernel, initramfs, padded to {@link #ALIGNMENT}. */
    public static long length(long kernelBytes, long initrdBytes) {
        return align(Math.addExact(initrdOffset(kernelBytes), initrdBytes));
    }

    /** The header for a kernel and initramfs of these sizes (each below 4 GiB: U-Boot reads 32-bit fields). */
    public static byte[] header(long kernelBytes, long initrdBytes) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC_OFFSET, MAGIC);
        b.putInt(VERSION_OFFSET, VERSION);
        b.putInt(KERNEL_OFFSET_OFFSET, HEADER_SIZE);
        b.putInt(KERNEL_SIZE_OFFSET, unsigned32("kernel size", kernelBytes));
        b.putInt(INITRD_OFFSET_OFFSET, unsigned32("initramfs offset", initrdOffset(kernelBytes)));
        b.putInt(INITRD_SIZE_OFFSET, unsigned32("initramfs size", initrdBytes));
        return b.array();
    }

    private static long align(long bytes) {
        return Math.multiplyExact(Math.addExact(bytes, ALIGNMENT - 1) / ALIGNMENT, ALIGNMENT);
    }

    private static int unsigned32(String what, long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(what + " " + value + " does not fit the boot area's 32-bit field");
        }
        return (int) value;
    }
}
