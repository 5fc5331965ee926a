package dev.twinroot.supervisor.grow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/**
 * The two facts of an ext4 superblock the grower needs: block size and block count. The superblock is the
 * 1024 bytes at byte 1024 of the filesystem (fs/ext4/ext4.h, struct ext4_super_block, little-endian). Read from
 * the partition of a mounted filesystem, it is the kernel's current copy: ext4 keeps it in the block
 * device's page cache.
 */
record Ext4Superblock(int blockSize, long blocks) {

    static final int OFFSET = 1024;
    static final int SIZE = 1024;

    private static final int BLOCKS_COUNT_LO = 0x4;
    private static final int LOG_BLOCK_SIZE = 0x18;
    private static final int MAGIC = 0x38;
    private static final int FEATURE_INCOMPAT = 0x60;
    private static final int BLOCKS_COUNT_HI = 0x150;
    private static final int INCOMPAT_64BIT = 0x80;
    private static final int EXT_MAGIC = 0xEF53;
    /** s_log_block_size: 0 (1 KiB) to 6 (64 KiB), the sizes the kernel mounts. */
    private static final int MAX_LOG_BLOCK_SIZE = 6;

    long bytes() {
        return Math.multiplyExact(blocks, (long) blockSize);
    }

    /** Decodes the superblock from {@code superblock} (the bytes at {@link #OFFSET}, at least {@link #SIZE}). */
    /** Reads and parses the superblock of the filesystem on {@code device}, open as {@code channel}. */
    static Ext4Superblock read(SeekableByteChannel channel, Path device) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SIZE);
        channel.position(OFFSET);
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw new GrowException(device + " ends before its ext4 superblock (" + buf.position() + " of "
                        + SIZE + " bytes at byte " + OFFSET + ")");
            }
        }
        return parse(buf.array());
    }

    static Ext4Superblock parse(byte[] superblock) throws GrowException {
        if (superblock.length < SIZE) {
            throw new GrowException("ext4 superblock: expected " + SIZE + " bytes, found " + superblock.length);
        }
        ByteBuffer b = ByteBuffer.wrap(superblock).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getShort(MAGIC) & 0xFFFF;
        if (magic != EXT_MAGIC) {
            throw new GrowException(String.format("ext4 superblock: magic at offset 0x%x: expected 0x%04x, found 0x%04x",
                    MAGIC, EXT_MAGIC, magic));
        }
        long log = Integer.toUnsignedLong(b.getInt(LOG_BLOCK_SIZE));
        if (log > MAX_LOG_BLOCK_SIZE) {
            throw new GrowException(String.format("ext4 superblock: log block size at offset 0x%x: expected 0..%d, found %d",
                    LOG_BLOCK_SIZE, MAX_LOG_BLOCK_SIZE, log));
        }
        long blocks = Integer.toUnsignedLong(b.getInt(BLOCKS_COUNT_LO));
        if ((b.getInt(FEATURE_INCOMPAT) & INCOMPAT_64BIT) != 0) {
            blocks |= Integer.toUnsignedLong(b.getInt(BLOCKS_COUNT_HI)) << 32;
        }
        int blockSize = 1024 << log;
        if (blocks <= 0 || blocks > Long.MAX_VALUE / blockSize) { // a 64-bit count with its top bit set is negative here
            throw new GrowException(String.format("ext4 superblock: block count at offset 0x%x: expected 1..%d, found %s",
                    BLOCKS_COUNT_LO, Long.MAX_VALUE / blockSize, Long.toUnsignedString(blocks)));
        }
        return new Ext4Superblock(blockSize, blocks);
    }
}
