package dev.twinroot.updater.slot;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/** The bytes of one slot: a partition's block device, or a file standing in for one. */
public interface SlotStorage {

    /** The device or file, for messages. */
    Path path();

    /** Bytes the slot can hold. */
    long size() throws IOException;

    /** Reads the slot at random (a delta's source, the final verification). */
    SeekableByteChannel openRead() throws IOException;

    /** Writes the slot; the caller positions the channel. Never truncates. */
    Writer openWrite() throws IOException;

    /** An open slot for writing: bytes reach the storage only after {@link #flush()}. */
    interface Writer extends Closeable {

        SeekableByteChannel channel();

        /** Makes every byte written so far durable (fdatasync, or the block device's flush). */
        void flush() throws IOException;
    }
}
