package dev.twinroot.image.flash;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Optional;

/** An opened target: a block device or a regular file, written and read back at byte offsets. */
interface FlashTarget extends Closeable {

    Path path();

    SeekableByteChannel channel();

    /** fdatasync(2): what was written is on the medium. */
    void syncData() throws IOException;

    /** Drops the target's clean cached pages so a read-back comes from the medium. */
    void dropCache() throws IOException;

    /**
     * Asks the kernel to re-read the partition table; a note for the user when that did not happen or found
     * nothing (the image is written and verified either way, so this never fails the flash).
     */
    Optional<String> rereadPartitionTable(boolean imageHasPartitionTable);
}
