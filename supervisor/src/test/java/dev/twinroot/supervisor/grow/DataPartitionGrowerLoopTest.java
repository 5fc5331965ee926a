package dev.twinroot.supervisor.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.partitioner.FileDisk;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.ExternalTool;
import dev.twinroot.platform.Platform;
import dev.twinroot.platform.UnmountFlag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grower on the real kernel: a GPT image with a mounted ext4 data partition on a loop device, the image
 * file grown to 64 MiB before attaching (as a card bigger than the image). The build host's kernel has no
 * partition parsers, so the partitions are added with BLKPG, as the kernel would have found them at boot.
 */
class DataPartitionGrowerLoopTest {

    private static final ExternalTool LOSETUP = new ExternalTool("losetup", "mount");
    private static final ExternalTool DUMPE2FS = new ExternalTool("dumpe2fs", "e2fsprogs");
    private static final ExternalTool SGDISK = new ExternalTool("sgdisk", "gdisk");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long MIB = GrownImage.MIB;

    @TempDir
    Path dir;

    private final Platform platform = Platform.linux();
    private Optional<Path> loop = Optional.empty();
    private Optional<Path> mounted = Optional.empty();

    @AfterEach
    void cleanUp() throws IOException {
        if (mounted.isPresent()) {
            platform.mounts().unmount(mounted.get(), Set.of(UnmountFlag.DETACH));
        }
        if (loop.isPresent()) {
            // Partitions added with BLKPG outlive the detach on this kernel (no partscan): left behind, they make the
            // next run's BLKPG add on the same loop device fail with EBUSY.
            try (BlockDevice d = platform.blockDevices().open(loop.get(), BlockDevice.Access.READ_WRITE)) {
                for (BlockDevice.Partition p : d.partitions()) {
                    d.deletePartition(p.number());
                }
            }
            LOSETUP.run(List.of("--detach", loop.get().toString()), TIMEOUT).requireSuccess();
        }
    }

    @Test
    void growsTheTableTheKernelsPartitionAndTheMountedExt4() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "loop devices, BLKPG and mount need root");
        Assumptions.assumeTrue(LOSETUP.isPresent() && GrownImage.MKE2FS.isPresent() && DUMPE2FS.isPresent(),
                "losetup (mount) and e2fsprogs are needed");
        GrownImage image = GrownImage.gpt(dir.resolve("disk.img"), 64 * MIB, false);
        Path disk = Path.of(LOSETUP.run(List.of("--find", "--show", image.file().toString()), TIMEOUT)
                .requireSuccess().stdout().strip());
        loop = Optional.of(disk);
        try (BlockDevice d = platform.blockDevices().open(disk, BlockDevice.Access.READ_WRITE)) {
            d.addPartition(1, GrownImage.BOOT_START, MIB);
            d.addPartition(2, image.partitionStart(), image.partitionBytes());
        }
        Path partition = Path.of(disk + "p2");
        for (int i = 0; i < 50 && !Files.exists(partition); i++) {
            Thread.sleep(100); // devtmpfs creates the node asynchronously
        }
        Path mountPoint = Files.createDirectory(dir.resolve("data"));
        platform.mounts().mount(partition.toString(), mountPoint, Optional.of("ext4"), Set.of(), Optional.empty());
        mounted = Optional.of(mountPoint);
        Files.writeString(mountPoint.resolve("kept"), "written before growing");

        DataGrowth g = new DataPartitionGrower(platform, new Partitioner(new Random(1)), mountPoint, Clock.systemUTC()).grow();

        long partitionBytes = (64 * MIB / 512 - 34 - GrownImage.DATA_START / 512 + 1) * 512;
        try (FileDisk file = FileDisk.openReadOnly(image.file(), 512)) {
            Partitioner partitioner = new Partitioner(new Random(1));
            assertEquals(List.of(), partitioner.verify(file));
            assertEquals(partitionBytes / 512, partitioner.read(file).partitions().get(1).size());
        }
        if (SGDISK.isPresent()) {
            String out = SGDISK.run(List.of("-v", image.file().toString()), TIMEOUT).stdout();
            assertTrue(out.contains("No problems found"), out);
        }
        String sysfs = "/sys/class/block/" + partition.getFileName() + "/size";
        assertEquals(partitionBytes / 512, Long.parseLong(Files.readString(Path.of(sysfs)).strip()));
        assertEquals(partitionBytes, sizeOf(partition));

        if (!hasSysResource()) {
            // This build host drops CAP_SYS_RESOURCE even for root: ext4 refuses online resize (resize2fs too).
            assertEquals(DataGrowth.FAILED, g.result(), g.toString());
            assertTrue(g.detail().contains("EXT4_IOC_RESIZE_FS") && g.detail().contains("EPERM"), g.detail());
            assertEquals(4096, blockCount(partition));
            Assumptions.abort("the partition grew; growing ext4 online needs CAP_SYS_RESOURCE, which this process lacks "
                    + "(proven in the QEMU test instead)");
        }
        assertEquals(DataGrowth.GROWN, g.result(), g.toString());
        assertEquals(partitionBytes / 4096, blockCount(partition));
        assertEquals(Optional.of(partitionBytes / 4096 * 4096), g.bytesAfter());
        assertTrue(Files.getFileStore(mountPoint).getTotalSpace() > 48 * MIB);
        assertEquals("written before growing", Files.readString(mountPoint.resolve("kept")));
        assertEquals(DataGrowth.FULL_SIZE, new DataPartitionGrower(platform, new Partitioner(new Random(1)), mountPoint,
                Clock.systemUTC()).grow().result());
    }

    private long sizeOf(Path device) throws IOException {
        try (BlockDevice d = platform.blockDevices().open(device, BlockDevice.Access.READ_ONLY)) {
            return d.size();
        }
    }

    private static long blockCount(Path device) throws IOException {
        String out = DUMPE2FS.run(List.of("-h", device.toString()), TIMEOUT).requireSuccess().stdout();
        Matcher m = Pattern.compile("(?m)^Block count:\\s+(\\d+)$").matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1));
    }

    private static boolean hasSysResource() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 24)) != 0;
            }
        }
        return false;
    }
}
