package dev.twinroot.supervisor.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.platform.DeviceNumber;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.fake.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a start may skip reading the partition table, and how the sizes are read from sysfs and the superblock. */
class UnchangedDataPartitionTest {

    private static final long DISK = 1_545_601_024L;
    private static final long PARTITION = 135_249_408L;
    private static final long FILESYSTEM = 135_245_824L;

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T20:00:00Z"));
    private final AtomicInteger fullChecks = new AtomicInteger();
    private final DataGrowth fullCheck = new DataGrowth(DataGrowth.FULL_SIZE, clock.instant(), Optional.of("/dev/vda4"),
            Optional.of(FILESYSTEM), Optional.of(FILESYSTEM), "checked in full", Optional.of(DISK), Optional.of(PARTITION));
    private final DataGrower grower = () -> {
        fullChecks.incrementAndGet();
        return fullCheck;
    };

    @Test
    void aStartAfterOneThatLeftItFullSizeSkipsTheTableWhenNothingChanged() throws IOException {
        record(fullCheck);

        DataGrowth g = shortcut(new DataPartitionSizes("/dev/vda4", DISK, PARTITION, FILESYSTEM)).grow();

        assertEquals(0, fullChecks.get());
        assertEquals(new DataGrowth(DataGrowth.FULL_SIZE, clock.instant(), Optional.of("/dev/vda4"), Optional.of(FILESYSTEM),
                Optional.of(FILESYSTEM), "unchanged since the last start: a 1545601024-byte disk, a 135249408-byte "
                + "partition; the partition table not read again", Optional.of(DISK), Optional.of(PARTITION)), g);
        assertEquals("already full size, 135245824 bytes (/dev/vda4)", g.summary());
    }

    @Test
    void aGrowthRecordedLastTimeCountsAsFullSizeToo() throws IOException {
        record(new DataGrowth(DataGrowth.GROWN, clock.instant(), Optional.of("/dev/vda4"), Optional.of(1L),
                Optional.of(FILESYSTEM), "grown", Optional.of(DISK), Optional.of(PARTITION)));
        shortcut(new DataPartitionSizes("/dev/vda4", DISK, PARTITION, FILESYSTEM)).grow();
        assertEquals(0, fullChecks.get());
    }

    @Test
    void anyChangeOrDoubtGoesThroughTheWholeGrower() throws IOException {
        DataPartitionSizes same = new DataPartitionSizes("/dev/vda4", DISK, PARTITION, FILESYSTEM);
        List<DataPartitionSizes> changed = List.of(
                new DataPartitionSizes("/dev/vda4", DISK + 512, PARTITION, FILESYSTEM),
                new DataPartitionSizes("/dev/vda4", DISK, PARTITION + 512, FILESYSTEM),
                new DataPartitionSizes("/dev/vda4", DISK, PARTITION, FILESYSTEM - 4096),
                new DataPartitionSizes("/dev/vda3", DISK, PARTITION, FILESYSTEM));
        record(fullCheck);
        for (DataPartitionSizes now : changed) {
            assertEquals(fullCheck, shortcut(now).grow(), now.toString());
        }
        assertEquals(changed.size(), fullChecks.get());

        new UnchangedDataPartition(grower, new DataGrowthRecord(dir), () -> {
            throw new GrowException("sysfs unreadable");
        }, clock).grow();
        assertEquals(changed.size() + 1, fullChecks.get());

        for (DataGrowth last : List.of(
                DataGrowth.failed(clock.instant(), Optional.of("/dev/vda4"), "cut"),
                new DataGrowth(DataGrowth.FULL_SIZE, clock.instant(), Optional.of("/dev/vda4"), Optional.of(FILESYSTEM),
                        Optional.of(FILESYSTEM), "a record from before the sizes were kept"))) {
            record(last);
            shortcut(same).grow();
        }
        assertEquals(changed.size() + 3, fullChecks.get());

        Files.writeString(dir.resolve("data-growth.json"), "{not json");
        shortcut(same).grow();
        assertEquals(changed.size() + 4, fullChecks.get());
    }

    @Test
    void noRecordMeansTheFirstStart() {
        shortcut(new DataPartitionSizes("/dev/vda4", DISK, PARTITION, FILESYSTEM)).grow();
        assertEquals(1, fullChecks.get());
    }

    @Test
    void sizesComeFromSysfsAndTheSuperblock() throws IOException {
        Path disk = Files.createDirectories(dir.resolve("sys/devices/virtio/block/vda"));
        Files.writeString(disk.resolve("size"), DISK / 512 + "\n");
        Path part = Files.createDirectories(disk.resolve("vda4"));
        Files.writeString(part.resolve("partition"), "4\n");
        Files.writeString(part.resolve("size"), PARTITION / 512 + "\n");
        Path devBlock = Files.createDirectories(dir.resolve("sys/dev/block"));
        Files.createSymbolicLink(devBlock.resolve("254:4"), part);
        Path node = dir.resolve("vda4");
        byte[] image = new byte[2048];
        System.arraycopy(Ext4SuperblockTest.superblock(2, 33019, 0, 0), 0, image, 1024, 1024);
        Files.write(node, image);

        assertEquals(new DataPartitionSizes(node.toString(), DISK, PARTITION, 33019L * 4096),
                DataPartitionSizes.read(devBlock, mount(node, new DeviceNumber(254, 4))));

        GrowException notAPartition = assertThrows(GrowException.class,
                () -> DataPartitionSizes.read(devBlock, mount(node, new DeviceNumber(254, 0))));
        assertEquals(node + " (254:0) is not a partition in " + devBlock, notAPartition.getMessage());

        Files.writeString(part.resolve("size"), "many\n");
        GrowException notANumber = assertThrows(GrowException.class,
                () -> DataPartitionSizes.read(devBlock, mount(node, new DeviceNumber(254, 4))));
        assertEquals(devBlock.resolve("254:4").resolve("size") + ": expected a number of 512-byte units, found 'many'",
                notANumber.getMessage());
    }

    private UnchangedDataPartition shortcut(DataPartitionSizes now) {
        return new UnchangedDataPartition(grower, new DataGrowthRecord(dir), () -> now, clock);
    }

    private void record(DataGrowth growth) throws IOException {
        new DataGrowthRecord(dir).save(growth);
    }

    private static MountInfo mount(Path source, DeviceNumber device) {
        return new MountInfo(30, 1, device, "/", Path.of("/data"), List.of("rw"), List.of(), "ext4", source.toString(),
                List.of("rw"));
    }
}
