package dev.twinroot.image;

import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends the {@link SlotBootArea} (kernel and initramfs, raw, for U-Boot) to a squashfs or erofs slot image.
 * The area's position is computed from the image's own size field, the one the boot script reads, so a
 * filesystem whose field disagrees with the file is refused here rather than at boot.
 */
public final class SlotBootAreaWriter {
    private static final int SQUASHFS_MAGIC = 0x73717368;
    private static final int EROFS_MAGIC = 0xe0f5e1e2;
    private static final int EROFS_SUPERBLOCK = 1024;
    private static final int EROFS_BLOCK_BITS_OFFSET = EROFS_SUPERBLOCK + 12;

    private final SlotFilesystemType type;

    public SlotBootAreaWriter(SlotFilesystemType type) {
        if (type.bootloaderReadsFiles()) {
            throw new IllegalArgumentException(type + " slots need no boot area: U-Boot reads their files");
        }
        this.type = type;
    }

    /** Appends the area to {@code image}; returns the image's new length. */
    public long append(Path image, Path kernel, Path initramfs) throws IOException {
        long kernelBytes = Files.size(kernel);
        long initrdBytes = Files.size(initramfs);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long filesystemBytes = filesystemBytes(ch, image);
            long start = SlotBootArea.start(filesystemBytes);
            ch.truncate(filesystemBytes);
            write(ch, start, ByteBuffer.wrap(SlotBootArea.header(kernelBytes, initrdBytes)));
            copy(kernel, ch, start + SlotBootArea.HEADER_SIZE);
            copy(initramfs, ch, start + SlotBootArea.initrdOffset(kernelBytes));
            long end = Math.addExact(start, SlotBootArea.length(kernelBytes, initrdBytes));
            if (end > 0xffff_ffffL) {
                throw new ImageException(image + ": the slot with its boot area is " + end + " bytes; U-Boot reads"
                        + " the area's 32-bit fields, so a " + type.kernelName() + " slot must stay below 4 GiB");
            }
            if (ch.size() < end) {
                write(ch, end - 1, ByteBuffer.allocate(1));
            }
            ch.force(true);
            return ch.size();
        }
    }

    /** The filesystem's length as its superblock states it, checked against the magic and the file. */
    long filesystemBytes(FileChannel ch, Path image) throws IOException {
        ByteBuffer sb = ByteBuffer.allocate(SlotBootArea.ALIGNMENT).order(ByteOrder.LITTLE_ENDIAN);
        while (sb.hasRemaining() && ch.read(sb, sb.position()) > 0) {
            // read the first 4 KiB, as the boot script does
        }
        if (sb.hasRemaining()) {
            throw new ImageException(image + ": " + sb.position() + " bytes, too short for a " + type.kernelName()
                    + " superblock");
        }
        int magicOffset = type == SlotFilesystemType.SQUASHFS ? 0 : EROFS_SUPERBLOCK;
        int magic = sb.getInt(magicOffset);
        int expected = type == SlotFilesystemType.SQUASHFS ? SQUASHFS_MAGIC : EROFS_MAGIC;
        if (magic != expected) {
            throw new ImageException(image + ": " + type.kernelName() + " magic at offset " + magicOffset
                    + " is 0x" + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(expected));
        }
        if (type == SlotFilesystemType.EROFS && (sb.get(EROFS_BLOCK_BITS_OFFSET) & 0xff) != 12) {
            throw new ImageException(image + ": erofs block size bits at offset " + EROFS_BLOCK_BITS_OFFSET + " is "
                    + (sb.get(EROFS_BLOCK_BITS_OFFSET) & 0xff) + ", the boot script expects 12 (4 KiB blocks)");
        }
        long bytes = Math.multiplyExact(Integer.toUnsignedLong(sb.getInt(type.sizeFieldOffset())), type.sizeUnit());
        if (type == SlotFilesystemType.SQUASHFS && sb.getInt(type.sizeFieldOffset() + 4) != 0) {
            throw new ImageException(image + ": squashfs bytes_used is 4 GiB or more; the boot script reads 32 bits");
        }
        if (bytes <= 0 || bytes > ch.size()) {
            throw new ImageException(image + ": " + type.kernelName() + " size field at offset "
                    + type.sizeFieldOffset() + " says " + bytes + " bytes, the file has " + ch.size());
        }
        return bytes;
    }

    private static void copy(Path from, FileChannel to, long position) throws IOException {
        try (InputStream in = Files.newInputStream(from)) {
            byte[] buf = new byte[1 << 16];
            long at = position;
            for (int n; (n = in.read(buf)) > 0; ) {
                at = write(to, at, ByteBuffer.wrap(buf, 0, n));
            }
        }
    }

    private static long write(FileChannel ch, long position, ByteBuffer b) throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
        return at;
    }
}
