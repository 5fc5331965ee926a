package dev.twinroot.image.flash;

import dev.twinroot.platform.FileSync;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** A regular file as flash target: truncated when opened, so afterwards it is exactly the image. */
final class FileTarget implements FlashTarget {

    private final Path path;
    private final FileChannel channel;
    private final FileSync fileSync;

    private FileTarget(Path path, FileChannel channel, FileSync fileSync) {
        this.path = path;
        this.channel = channel;
        this.fileSync = fileSync;
    }

    static FileTarget open(Path path, boolean create, FileSync fileSync) throws IOException {
        FileChannel ch = create
                ? FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new FileTarget(path, ch, fileSync);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public SeekableByteChannel channel() {
        return channel;
    }

    @Override
    public void syncData() throws IOException {
        fileSync.fdatasync(channel);
    }

    @Override
    public void dropCache() throws IOException {
        fileSync.dropCache(path);
    }

    @Override
    public Optional<String> rereadPartitionTable(boolean imageHasPartitionTable) {
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
