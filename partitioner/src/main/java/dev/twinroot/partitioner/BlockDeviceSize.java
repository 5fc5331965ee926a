package dev.twinroot.partitioner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The size of a block device without an ioctl: sysfs gives it in 512-byte units whatever the logical
 * sector size. (The platform module's BLKGETSIZE64 binding can replace this once it exists.)
 */
final class BlockDeviceSize {

    private BlockDeviceSize() {
    }

    static Optional<Path> sysfsEntry(Path device) throws IOException {
        Path real = device.toRealPath();
        if (!real.startsWith("/dev") || real.getFileName() == null) {
            return Optional.empty();
        }
        Path size = Path.of("/sys/class/block", real.getFileName().toString(), "size");
        return Files.isRegularFile(size) ? Optional.of(size) : Optional.empty();
    }

    /** The device's logical sector size, when sysfs tells (whole disks do, partitions do not). */
    static Optional<Integer> logicalSectorSize(Path device) throws IOException {
        Optional<Path> entry = sysfsEntry(device);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Path file = entry.get().resolveSibling("queue").resolve("logical_block_size");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": expected a number, found '" + text + "'", e);
        }
    }

    static long bytes(Path device) throws IOException {
        Path entry = sysfsEntry(device).orElseThrow(() -> new IOException(device + ": no size in /sys/class/block"));
        String text = Files.readString(entry, StandardCharsets.US_ASCII).strip();
        try {
            return Math.multiplyExact(Long.parseLong(text), 512L);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IOException(entry + ": expected a sector count, found '" + text + "'", e);
        }
    }
}
