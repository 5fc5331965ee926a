package dev.twinroot.image.flash;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.ExternalTool;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A loop device over a sparse backing file; tests detach it in @AfterEach. */
final class LoopDisk {

    static final ExternalTool LOSETUP = new ExternalTool("losetup", "mount");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path device;

    private LoopDisk(Path device) {
        this.device = device;
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "loop devices, BLKPG and mount(2) need root; running as " + System.getProperty("user.name"));
        Assumptions.assumeTrue(LOSETUP.isPresent(), "losetup is not installed (Debian package mount)");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/loop-control")), "no /dev/loop-control: kernel without loop");
    }

    /**
     * Attaches without --partscan. The kernel keeps BLKPG-made partitions of a loop device across detach and
     * re-attach, so any left from an earlier user are deleted first: a test starts from a bare disk.
     */
    static LoopDisk attach(Path backing, long size, BlockDevices devices) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(size);
        }
        String out = LOSETUP.run(List.of("--find", "--show", backing.toString()), TIMEOUT).requireSuccess().stdout().strip();
        LoopDisk loop = new LoopDisk(Path.of(out));
        loop.deletePartitions(devices);
        return loop;
    }

    private void deletePartitions(BlockDevices devices) throws IOException {
        try (BlockDevice dev = devices.open(device, BlockDevice.Access.READ_ONLY)) {
            for (BlockDevice.Partition p : dev.partitions()) {
                dev.deletePartition(p.number());
            }
        }
    }

    Path path() {
        return device;
    }

    /** Deletes the partitions this test made, then detaches. */
    void detach(BlockDevices devices) throws IOException {
        deletePartitions(devices);
        LOSETUP.run(List.of("--detach", device.toString()), TIMEOUT).requireSuccess();
    }
}
