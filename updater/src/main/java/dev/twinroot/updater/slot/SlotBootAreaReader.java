package dev.twinroot.updater.slot;

import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/**
 * Finds the {@link SlotBootArea} of a squashfs or erofs slot, as the U-Boot script does: the filesystem's own size
 * field, rounded up to 4 KiB, then the area's header. For GRUB, which cannot compute this itself, the installer
 * records the result on the ESP ({@code GrubBootAreaFiles}). A slot's bytes are checked against the signed
 * manifest before this runs, but the reader still treats them as untrusted: every field is checked against the
 * slot's length, and any bytes give a location, nothing, or a {@link BootAreaFormatException}.
 */
public final class SlotBootAreaReader {

    /** squashfs's superblock magic {@code hsqs}, little-endian at 0. */
    static final int SQUASHFS_MAGIC = 0x73717368;
    /** erofs's superblock magic, little-endian at 1024. */
    static final int EROFS_MAGIC = 0xe0f5e1e2;
    static final int EROFS_SUPERBLOCK = 1024;
    static final int EROFS_BLOCK_BITS = 0x40c;
    static final int EROFS_4K = 12;

    /**
     * Where the kernel and initramfs are, as byte offsets from the start of the slot (so of its partition).
     *
     * @param filesystem which filesystem carries the area
     * @param areaStart the header's offset
     */
    public record Location(SlotFilesystemType filesystem, long areaStart, long kernelOffset, long kernelSize,
                           long initrdOffset, long initrdSize) {
    }

    private SlotBootAreaReader() {
    }

    /**
     * The boot area of the slot read through {@code slot}; empty when the slot holds neither squashfs nor erofs
     * (an ext4 slot: the bootloader reads its files), or when no area header follows the filesystem.
     */
    public static Optional<Location> read(SeekableByteChannel slot) throws IOException {
        long size = slot.size();
        return read(size, (position, buffer) -> {
            while (buffer.hasRemaining()) {
                if (slot.position(position + buffer.position()).read(buffer) < 0) {
                    throw new BootAreaFormatException("slot ended at " + (position + buffer.position())
                            + " while its size was " + size);
                }
            }
        });
    }

    /** The same over bytes in memory. */
    public static Optional<Location> read(byte[] slot) throws IOException {
        return read(slot.length, (position, buffer) -> buffer.put(slot, Math.toIntExact(position), buffer.remaining()));
    }

    /** Fills {@code buffer} from {@code position}; callers check the range against the size first. */
    private interface ReadAt {
        void read(long position, ByteBuffer buffer) throws IOException;
    }

    private static Optional<Location> read(long size, ReadAt source) throws IOException {
        try {
            return locate(size, source);
        } catch (ArithmeticException | IndexOutOfBoundsException e) {
            // Last resort: a size or offset the checks below missed still ends as this module's error.
            throw new BootAreaFormatException("slot boot area: out of range (" + e.getMessage() + ")");
        }
    }

    private static Optional<Location> locate(long size, ReadAt source) throws IOException {
        if (size < SlotBootArea.ALIGNMENT) {
            return Optional.empty();
        }
        ByteBuffer first = block(source, 0, SlotBootArea.ALIGNMENT);
        SlotFilesystemType type;
        if (first.getInt(0) == SQUASHFS_MAGIC) {
            type = SlotFilesystemType.SQUASHFS;
        } else if (first.getInt(EROFS_SUPERBLOCK) == EROFS_MAGIC) {
            type = SlotFilesystemType.EROFS;
            if ((first.get(EROFS_BLOCK_BITS) & 0xff) != EROFS_4K) {
                throw new BootAreaFormatException("erofs superblock: blkszbits at 0x40c is "
                        + (first.get(EROFS_BLOCK_BITS) & 0xff) + ", expected 12 (4096-byte blocks)");
            }
        } else {
            return Optional.empty();
        }
        // The boot script reads the low 32 bits of squashfs's bytes_used; so does this reader, to agree with it.
        long units = Integer.toUnsignedLong(first.getInt(type.sizeFieldOffset()));
        long areaStart = SlotBootArea.start(Math.multiplyExact(units, type.sizeUnit()));
        if (areaStart > size - SlotBootArea.HEADER_SIZE) {
            return Optional.empty();
        }
        ByteBuffer header = block(source, areaStart, SlotBootArea.HEADER_SIZE);
        if (header.getInt(SlotBootArea.MAGIC_OFFSET) != SlotBootArea.MAGIC) {
            return Optional.empty();
        }
        int version = header.getInt(SlotBootArea.VERSION_OFFSET);
        if (version != SlotBootArea.VERSION) {
            throw new BootAreaFormatException("slot boot area at " + areaStart + ": version " + version + ", expected "
                    + SlotBootArea.VERSION);
        }
        long kernelOffset = field(header, SlotBootArea.KERNEL_OFFSET_OFFSET);
        long kernelSize = field(header, SlotBootArea.KERNEL_SIZE_OFFSET);
        long initrdOffset = field(header, SlotBootArea.INITRD_OFFSET_OFFSET);
        long initrdSize = field(header, SlotBootArea.INITRD_SIZE_OFFSET);
        if (kernelOffset != SlotBootArea.HEADER_SIZE) {
            throw new BootAreaFormatException("slot boot area at " + areaStart + ": kernel offset " + kernelOffset
                    + ", expected " + SlotBootArea.HEADER_SIZE);
        }
        if (kernelSize == 0 || initrdSize == 0) {
            throw new BootAreaFormatException("slot boot area at " + areaStart + ": kernel size " + kernelSize
                    + ", initramfs size " + initrdSize + ", expected both above 0");
        }
        if (initrdOffset != SlotBootArea.initrdOffset(kernelSize)) {
            throw new BootAreaFormatException("slot boot area at " + areaStart + ": initramfs offset " + initrdOffset
                    + ", expected " + SlotBootArea.initrdOffset(kernelSize) + " after a kernel of " + kernelSize
                    + " bytes");
        }
        long end = Math.addExact(areaStart, Math.addExact(initrdOffset, initrdSize));
        if (end > size) {
            throw new BootAreaFormatException("slot boot area at " + areaStart + ": the initramfs ends at " + end
                    + ", past the slot's " + size + " bytes");
        }
        return Optional.of(new Location(type, areaStart, areaStart + kernelOffset, kernelSize,
                areaStart + initrdOffset, initrdSize));
    }

    private static ByteBuffer block(ReadAt source, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        source.read(position, b);
        return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long field(ByteBuffer header, int offset) {
        return Integer.toUnsignedLong(header.getInt(offset));
    }
}
