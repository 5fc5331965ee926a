package dev.twinroot.supervisor.health;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The data partition is mounted read-write where the configuration says, and really takes writes: a probe
 * file is written, fsynced, read back and compared. Without this, a data partition that failed to mount would
 * leave the supervisor writing into whatever sits underneath (a tmpfs, or the read-only root).
 */
public final class DataPartitionCheck implements HealthCheck {

    public static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final int PROBE_BYTES = 4096;

    private final Path mountPoint;
    private final Path probeDir;
    private final Path mountinfo;

    /**
     * @param mountPoint where the data partition must be mounted
     * @param probeDir   a directory on it where the probe file may be written
     * @param mountinfo  the mount table to read, {@link #MOUNTINFO} on a device
     */
    public DataPartitionCheck(Path mountPoint, Path probeDir, Path mountinfo) {
        this.mountPoint = mountPoint;
        this.probeDir = probeDir;
        this.mountinfo = mountinfo;
    }

    @Override
    public String name() {
        return "data-partition";
    }

    @Override
    public Result run(Duration budget) {
        Optional<MountTable.Mount> mount;
        try {
            mount = MountTable.read(mountinfo).at(mountPoint.toString());
        } catch (IOException e) {
            return Result.unhealthy("cannot read the mount table " + mountinfo + ": " + e.getMessage());
        }
        if (mount.isEmpty()) {
            return Result.unhealthy(mountPoint + " is not a mount point: the data partition is not mounted");
        }
        if (!mount.get().readWrite()) {
            return Result.unhealthy(mountPoint + " is mounted read-only (" + mount.get().source() + ")");
        }
        byte[] written = new byte[PROBE_BYTES];
        new SecureRandom().nextBytes(written);
        Path probe = probeDir.resolve(".health-probe");
        try {
            Files.createDirectories(probeDir);
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(written);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            byte[] read = Files.readAllBytes(probe);
            if (!Arrays.equals(written, read)) {
                return Result.unhealthy("the probe file " + probe + " read back different bytes: expected "
                        + PROBE_BYTES + " bytes starting " + hex(written) + ", found " + read.length + " bytes starting "
                        + hex(read));
            }
        } catch (IOException e) {
            return Result.unhealthy("cannot write and read back " + probe + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                // The next probe overwrites it.
            }
        }
        return Result.healthy(mountPoint + " (" + mount.get().fsType() + " on " + mount.get().source()
                + ") takes writes");
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b, 0, Math.min(8, b.length));
    }
}
