package dev.twinroot.updater.slot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A regular file as a slot: its current length is the slot size, as a partition's is. The file must exist, so
 * that a typo in the config cannot create a slot out of nothing.
 */
public final class FileSlotStorage implements SlotStorage {

    private final Path file;

    public FileSlotStorage(Path file) {
        this.file = file;
    }

    @Override
    public Path path() {
        return file;
    }

    @Override
    public long size() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new SlotException("slot file " + file + " does not exist");
        }
    }

    @Override
    public SeekableByteChannel openRead() throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    @Override
    public Writer openWrite() throws IOException {
        // Readable too: a resumed delta re-reads what it wrote before the cut to check its checkpoint.
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Writer() {
            @Override
            public SeekableByteChannel channel() {
                return channel;
            }

            @Override
            public void flush() throws IOException {
                channel.force(false);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
