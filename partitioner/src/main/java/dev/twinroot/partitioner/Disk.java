package dev.twinroot.partitioner;

import java.io.Closeable;
import java.io.IOException;

/**
 * Whole sectors of a disk: an image file, a block device, or bytes in memory. Callers check LBAs against
 * {@link #sectors()} before reading, so an out-of-range request is a bug and fails with an unchecked
 * exception rather than a {@link PartitionException}.
 */
public interface Disk extends Closeable {

    /** Logical sector size in bytes: 512 or 4096. */
    int sectorSize();

    /** Number of whole sectors; a trailing partial sector is not part of the disk. */
    long sectors() throws IOException;

    /** Reads {@code count} sectors starting at {@code lba}. */
    byte[] read(long lba, int count) throws IOException;

    /** Writes whole sectors starting at {@code lba}; {@code data.length} must be a multiple of the sector size. */
    void write(long lba, byte[] data) throws IOException;

    /** Makes the writes durable (fsync for files and devices). */
    void flush() throws IOException;

    @Override
    default void close() throws IOException {
    }

    /** Checks a sector size given by a user or a file before anything is computed with it. */
    static int checkSectorSize(int sectorSize) {
        if (sectorSize != 512 && sectorSize != 4096) {
            throw new IllegalArgumentException("sector size must be 512 or 4096 bytes, found " + sectorSize);
        }
        return sectorSize;
    }
}
