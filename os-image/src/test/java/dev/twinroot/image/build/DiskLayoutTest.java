package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinroot.partitioner.DiskLabel;
import dev.twinroot.partitioner.FileDisk;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.partitioner.TableKind;
import dev.twinroot.updater.contract.Partition;
import dev.twinroot.updater.config.SlotLocation;
import dev.twinroot.updater.config.SystemConfig;
import dev.twinroot.updater.config.SystemConfigParser;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.slot.MbrPartitionUuids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskLayoutTest {

    @Test
    void qemuIsGptWithTheContractsLabelsAndTheConfigsSizes(@TempDir Path dir) throws IOException {
        ImageConfig config = new ImageConfigReader().parse("t", "{\"sizes\":{\"boot\":\"32MiB\",\"slot\":\"96MiB\",\"data\":\"16MiB\"}}", false);
        DiskLabel label = create(config, dir.resolve("gpt.img"));
        assertEquals(TableKind.GPT, label.table());
        for (Partition p : Partition.values()) {
            DiskLabel.Partition found = label.partitions().get(p.number() - 1);
            assertEquals(p.label(), found.name());
            assertEquals(DiskLayout.bytes(config, p), found.size() * 512, p.label());
            assertEquals(0, found.start() * 512 % DiskLayout.MIB);
        }
        assertEquals((2 + 32 + 96 + 96 + 16) * DiskLayout.MIB, Files.size(dir.resolve("gpt.img")));
        assertEquals(label, create(config, dir.resolve("again.img")), "the seed fixes every GUID");
    }

    @Test
    void raspberryPiIsMbrWithAFat32BootPartition(@TempDir Path dir) throws IOException {
        ImageConfig config = new ImageConfigReader().parse("t",
                "{\"machine\":\"raspberrypi4-64\",\"sizes\":{\"slot\":\"96MiB\",\"data\":\"16MiB\"}}", false);
        DiskLabel label = create(config, dir.resolve("mbr.img"));
        assertEquals(TableKind.DOS, label.table());
        assertEquals(List.of(1, 2, 3, 4), label.partitions().stream().map(DiskLabel.Partition::number).toList());
        assertEquals("c", label.partitions().get(0).type());
        assertEquals(true, label.partitions().get(0).bootable());
        assertEquals(96 * DiskLayout.MIB, label.partitions().get(1).size() * 512);
    }

    /**
     * The slots system.json names on a Pi are found on the disk the builder writes: the updater's own lookup runs
     * over a sysfs tree like the Pi's kernel makes for {@code mmcblk0}, with the built disk as the device node.
     */
    @Test
    void raspberryPiSystemJsonNamesTheSlotsByPartUuidOfTheBuiltDisk(@TempDir Path dir) throws IOException {
        ImageConfig config = new ImageConfigReader().parse("t",
                "{\"machine\":\"raspberrypi4-64\",\"sizes\":{\"slot\":\"96MiB\",\"data\":\"16MiB\"}}", false);
        Path dev = Files.createDirectories(dir.resolve("dev"));
        create(config, dev.resolve("mmcblk0"));
        Path sysBlock = Files.createDirectories(dir.resolve("sys/class/block"));
        Path diskDir = Files.createDirectories(dir.resolve("sys/devices/mmc/block/mmcblk0"));
        Files.writeString(diskDir.resolve("uevent"), "DEVNAME=mmcblk0\nDEVTYPE=disk\n");
        for (int n = 1; n <= 4; n++) {
            Path part = Files.createDirectories(diskDir.resolve("mmcblk0p" + n));
            Files.writeString(part.resolve("uevent"), "DEVNAME=mmcblk0p" + n + "\nDEVTYPE=partition\n");
            Files.writeString(part.resolve("partition"), n + "\n");
            Files.createSymbolicLink(sysBlock.resolve("mmcblk0p" + n), part);
        }
        SystemConfig device = new SystemConfigParser().parse(DeviceFiles.systemJson(config)
                .getBytes(StandardCharsets.UTF_8));
        MbrPartitionUuids uuids = new MbrPartitionUuids(sysBlock, dev);
        for (Slot slot : Slot.values()) {
            SlotLocation where = device.slot(slot);
            assertEquals(SlotLocation.Kind.PARTUUID, where.kind());
            assertEquals(Optional.of(dev.resolve("mmcblk0p" + slot.partition().number())), uuids.find(where.value()),
                    where.value());
        }
        String qemu = DeviceFiles.systemJson(new ImageConfigReader().parse("t", "{}", false));
        assertEquals(SlotLocation.partLabel("rootfs-b"),
                new SystemConfigParser().parse(qemu.getBytes(StandardCharsets.UTF_8)).slot(Slot.B), "GPT keeps labels");
    }

    private static DiskLabel create(ImageConfig config, Path image) throws IOException {
        new Partitioner(new Random(7)).createImage(image, DiskLayout.of(config), 512);
        try (FileDisk disk = FileDisk.openReadOnly(image, 512)) {
            Partitioner p = new Partitioner(new Random(7));
            assertEquals(List.of(), p.verify(disk));
            return p.read(disk);
        }
    }
}
