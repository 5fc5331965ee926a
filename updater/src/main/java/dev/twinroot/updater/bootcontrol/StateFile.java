package dev.twinroot.updater.bootcontrol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reading and overwriting the small files that hold boot state on the boot partition (vfat). Overwriting in
 * place, not through a temporary file and a rename: vfat has no journal, so a rename is several directory and
 * FAT writes that a power cut can leave half done, while rewriting the data of an existing file of the same size
 * touches only its own clusters.
 */
public final class StateFile {

    private StateFile() {
    }

    /**
     * The file's first {@code limit} bytes plus one at most, so a caller sees a wrong size without reading a
     * huge file; empty if the file does not exist.
     */
    public static Optional<byte[]> readIfExists(Path file, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes(Math.addExact(limit, 1)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes {@code bytes} over the file from offset 0, cuts anything beyond, and waits until the data is on the
     * device (fsync); a new file also gets its directory synced.
     */
    public static void overwrite(Path file, byte[] bytes) throws IOException {
        boolean existed = Files.exists(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = 0;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            if (channel.size() > bytes.length) {
                channel.truncate(bytes.length);
            }
            channel.force(true);
        }
        if (!existed) {
            Path dir = file.toAbsolutePath().getParent();
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }
}
