package dev.twinroot.partitioner;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A disk image file or a block device, through one {@link FileChannel}. A block device reports size 0 to
 * {@code fstat}, so its size comes from sysfs ({@code /sys/class/block/NAME/size}, always in 512-byte units).
 * After writing a table to a real block device the kernel must be told to re-read it (BLKRRPART, in the
 * platform module); an image file needs nothing.
 */
public final class FileDisk implements Disk {

    private final Path path;
    private final FileChannel channel;
    private final int sectorSize;
    private final Optional<Long> deviceBytes;

    private FileDisk(Path path, FileChannel channel, int sectorSize, Optional<Long> deviceBytes) {
        this.path = path;
        this.channel = channel;
        this.sectorSize = sectorSize;
        this.deviceBytes = deviceBytes;
    }

    /** Opens an existing image or device for reading only. */
    public static FileDisk openReadOnly(Path path, int sectorSize) throws IOException {
        return open(path, sectorSize, StandardOpenOption.READ);
    }

    /** Opens an existing image or device for reading and writing. */
    public static FileDisk open(Path path, int sectorSize) throws IOException {
        return open(path, sectorSize, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Opens an image file for reading and writing, creating it empty if it does not exist. */
    public static FileDisk openOrCreateImage(Path path, int sectorSize) throws IOException {
        return open(path, sectorSize, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    }

    private static FileDisk open(Path path, int sectorSize, StandardOpenOption... options) throws IOException {
        Disk.checkSectorSize(sectorSize);
        if (Files.exists(path) && !Files.isRegularFile(path) && BlockDeviceSize.sysfsEntry(path).isEmpty()) {
            throw new IOException(path + " is neither a regular file nor a block device");
        }
        Optional<Long> deviceBytes = Files.isRegularFile(path) || !Files.exists(path)
                ? Optional.empty() : Optional.of(BlockDeviceSize.bytes(path));
        if (deviceBytes.isPresent()) {
            Optional<Integer> logical = BlockDeviceSize.logicalSectorSize(path);
            if (logical.isPresent() && logical.get() != sectorSize) {
                throw new IOException(path + " has " + logical.get() + "-byte logical sectors, but " + sectorSize
                        + " was given (--sector-size " + logical.get() + ")");
            }
        }
        return new FileDisk(path, FileChannel.open(path, options), sectorSize, deviceBytes);
    }

    public Path path() {
        return path;
    }

    public boolean isBlockDevice() {
        return deviceBytes.isPresent();
    }

    /** Size in bytes, including a trailing partial sector. */
    public long sizeBytes() throws IOException {
        return deviceBytes.isPresent() ? deviceBytes.get() : channel.size();
    }

    /** Sets the size of an image file; sparse when growing. A block device cannot be resized. */
    public void resize(long bytes) throws IOException {
        if (isBlockDevice()) {
            throw new IOException(path + " is a block device: its size cannot be changed");
        }
        long now = channel.size();
        if (bytes < now) {
            channel.truncate(bytes);
        } else if (bytes > now) {
            // Writing the last byte extends the file without allocating the hole.
            channel.write(ByteBuffer.wrap(new byte[1]), bytes - 1);
        }
    }

    @Override
    public int sectorSize() {
        return sectorSize;
    }

    @Override
    public long sectors() throws IOException {
        return sizeBytes() / sectorSize;
    }

    @Override
    public byte[] read(long lba, int count) throws IOException {
        Objects.checkFromIndexSize(lba, count, sectors());
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(count, sectorSize));
        long position = Math.multiplyExact(lba, (long) sectorSize);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new EOFException(path + ": end of file at byte " + (position + buf.position()));
            }
        }
        return buf.array();
    }

    @Override
    public void write(long lba, byte[] data) throws IOException {
        if (data.length % sectorSize != 0) {
            throw new IllegalArgumentException("write of " + data.length + " bytes is not whole " + sectorSize + "-byte sectors");
        }
        Objects.checkFromIndexSize(lba, data.length / sectorSize, sectors());
        ByteBuffer buf = ByteBuffer.wrap(data);
        long position = Math.multiplyExact(lba, (long) sectorSize);
        while (buf.hasRemaining()) {
            channel.write(buf, position + buf.position());
        }
    }

    @Override
    public void flush() throws IOException {
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
