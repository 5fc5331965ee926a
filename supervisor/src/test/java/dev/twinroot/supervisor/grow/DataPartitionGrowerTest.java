package dev.twinroot.supervisor.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.partitioner.DiskLabel;
import dev.twinroot.partitioner.FileDisk;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.fake.FakeBlockDevices;
import dev.twinroot.platform.fake.FakeClock;
import dev.twinroot.platform.fake.FakeFilesystems;
import dev.twinroot.platform.fake.FakePlatform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grower on fake disks backed by image files holding real tables and a real ext4 superblock. */
class DataPartitionGrowerTest {

    private static final Path DISK = Path.of("/dev/mmcblk0");
    private static final Path DATA = Path.of("/dev/mmcblk0p2");
    private static final Path MOUNT = Path.of("/data");
    private static final long MIB = GrownImage.MIB;
    private static final long GROWN = 64 * MIB;

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T06:00:00Z"));
    private final Partitioner partitioner = new Partitioner(new Random(3));
    private FakePlatform fake;

    @BeforeEach
    void needsMke2fs() {
        Assumptions.assumeTrue(GrownImage.MKE2FS.isPresent(), "mke2fs is not installed (Debian package e2fsprogs)");
    }

    @Test
    void aGptDiskThatGrewGetsItsDataPartitionAndFilesystemToTheEnd() throws IOException {
        GrownImage image = GrownImage.gpt(dir.resolve("disk.img"), GROWN, false);
        attachAndMount(image);

        DataGrowth g = grower().grow();

        long lastUsable = GROWN / 512 - 34;
        long partitionBytes = (lastUsable - DATA_START_LBA + 1) * 512;
        assertEquals(new DataGrowth(DataGrowth.GROWN, clock.instant(), Optional.of(DATA.toString()), Optional.of(16 * MIB),
                Optional.of(partitionBytes / 4096 * 4096), "ext4 grown online from 4096 to " + partitionBytes / 4096
                + " blocks of 4096 bytes in a " + partitionBytes + "-byte partition", Optional.of(GROWN),
                Optional.of(partitionBytes)), g);
        try (FileDisk disk = FileDisk.openReadOnly(image.file(), 512)) {
            assertEquals(List.of(), partitioner.verify(disk));
            DiskLabel.Partition data = partitioner.read(disk).partitions().get(1);
            assertEquals(lastUsable, data.end());
        }
        assertEquals(partitionBytes, kernelLength(2));
        assertEquals(List.of(new FakeFilesystems.Growth(MOUNT, 4096, partitionBytes / 4096)), fake.filesystems().growths());

        DataGrowth again = grower().grow();
        assertEquals(DataGrowth.FULL_SIZE, again.result(), again.toString());
        assertEquals("already full size, " + partitionBytes / 4096 * 4096 + " bytes (/dev/mmcblk0p2)", again.summary());
        assertEquals(1, fake.filesystems().growths().size());
    }

    @Test
    void aGptLeftHalfWrittenByAPowerCutIsRepairedAndTheGrowthFinished() throws IOException {
        GrownImage image = GrownImage.gpt(dir.resolve("disk.img"), GROWN, false);
        try (FileDisk disk = FileDisk.open(image.file(), 512)) {
            partitioner.grow(disk, OptionalInt.of(2));
            disk.write(2, new byte[512]); // the cut: new primary header written, its entries not yet
            disk.flush();
            assertTrue(!partitioner.verify(disk).isEmpty());
        }
        attachAndMount(image);

        DataGrowth g = grower().grow();

        assertEquals(DataGrowth.GROWN, g.result(), g.toString());
        try (FileDisk disk = FileDisk.openReadOnly(image.file(), 512)) {
            assertEquals(List.of(), partitioner.verify(disk));
        }
        assertEquals((GROWN / 512 - 34 - DATA_START_LBA + 1) * 512, kernelLength(2));
    }

    @Test
    void anMbrDiskGrowsToo() throws IOException {
        GrownImage image = GrownImage.mbr(dir.resolve("disk.img"), GROWN);
        attachAndMount(image);

        DataGrowth g = grower().grow();

        assertEquals(DataGrowth.GROWN, g.result(), g.toString());
        assertEquals(GROWN - 2 * MIB, kernelLength(2));
        assertEquals(Optional.of(GROWN - 2 * MIB), g.bytesAfter());
        try (FileDisk disk = FileDisk.openReadOnly(image.file(), 512)) {
            assertEquals(List.of(), partitioner.verify(disk));
            assertEquals(GROWN / 512 - 1, partitioner.read(disk).partitions().get(1).end());
        }
    }

    @Test
    void aPartitionAfterTheDataPartitionStopsItAndNothingIsWritten() throws IOException {
        GrownImage image = GrownImage.gpt(dir.resolve("disk.img"), GROWN, true);
        attachAndMount(image);
        byte[] before = java.nio.file.Files.readAllBytes(image.file());

        DataGrowth g = grower().grow();

        assertEquals(DataGrowth.FAILED, g.result());
        assertEquals("growing failed (/dev/mmcblk0p2): GPT partition 2 cannot grow: partition 3 lies after it "
                + "(LBAs 36864-37887); only the last partition can grow", g.summary());
        assertTrue(java.util.Arrays.equals(before, java.nio.file.Files.readAllBytes(image.file())), "the image changed");
        assertEquals(List.of(), fake.filesystems().growths());
    }

    @Test
    void withoutAMountedExt4DataPartitionItSaysWhy() throws IOException {
        fake = FakePlatform.create(clock, new FakeBlockDevices());
        assertEquals("growing failed: /data is not a mount point: no data partition to grow", grower().grow().summary());
        fake.mounts().mount("tmpfs", MOUNT, Optional.of("tmpfs"), Set.of(), Optional.empty());
        assertEquals("growing failed: /data holds tmpfs (tmpfs): only ext4 grows", grower().grow().summary());
    }

    private static final long DATA_START_LBA = GrownImage.DATA_START / 512;

    private DataPartitionGrower grower() {
        return new DataPartitionGrower(fake.platform(), partitioner, MOUNT, clock);
    }

    /** The disk as the kernel sees it at boot: partitions as the table was before growing, data mounted. */
    private void attachAndMount(GrownImage image) throws IOException {
        FakeBlockDevices devices = new FakeBlockDevices();
        devices.addDisk(DISK, image.file(), 512);
        fake = FakePlatform.create(clock, devices);
        try (BlockDevice disk = devices.open(DISK, BlockDevice.Access.READ_WRITE)) {
            disk.addPartition(1, GrownImage.BOOT_START, MIB);
            disk.addPartition(2, image.partitionStart(), image.partitionBytes());
        }
        fake.mounts().mount(DATA.toString(), MOUNT, Optional.of("ext4"), Set.of(), Optional.empty());
    }

    private long kernelLength(int number) throws IOException {
        try (BlockDevice disk = fake.blockDevices().open(DISK, BlockDevice.Access.READ_ONLY)) {
            return disk.partitions().stream().filter(p -> p.number() == number).findFirst().orElseThrow().length();
        }
    }
}
