package dev.twinroot.platform;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * An open block device. Sizes and offsets are in bytes; BLKPG and BLKDISCARD need them to be multiples of
 * {@link #logicalSectorSize()}, and fail with EINVAL otherwise.
 */
public interface BlockDevice extends Closeable {

    enum Access { READ_ONLY, READ_WRITE }

    Path path();

    /** BLKGETSIZE64. */
    long size() throws IOException;

    /** BLKSSZGET: the smallest unit the device addresses, 512 or 4096. */
    int logicalSectorSize() throws IOException;

    /**
     * Raw bytes at byte offsets (position 0 is the first byte of the device). Closed with the device; do not
     * close it alone.
     */
    SeekableByteChannel channel();

    /** fsync(2): every byte written so far is on the medium when this returns. */
    void flush() throws IOException;

    /** BLKDISCARD: tells the device these bytes are unused; reading them afterwards gives unspecified data. */
    void discard(long offset, long length) throws IOException;

    /**
     * BLKRRPART: the kernel reads the partition table again and replaces every partition. Fails with EBUSY
     * ({@link DeviceBusyException}) while any partition is open or mounted; use the BLKPG calls then.
     */
    void rereadPartitionTable() throws IOException;

    /** BLKPG_ADD_PARTITION: EBUSY if {@code number} exists or the range overlaps another partition. */
    void addPartition(int number, long start, long length) throws IOException;

    /** BLKPG_RESIZE_PARTITION: the start must stay the same (EINVAL otherwise); EBUSY on overlap. */
    void resizePartition(int number, long start, long length) throws IOException;

    /** BLKPG_DEL_PARTITION: EBUSY while the partition is open or mounted, ENXIO if it does not exist. */
    void deletePartition(int number) throws IOException;

    /** The partitions the kernel currently knows for this disk, by number. */
    List<Partition> partitions() throws IOException;

    /** A partition as the kernel sees it. */
    record Partition(int number, long start, long length, DeviceNumber device) {
    }
}
