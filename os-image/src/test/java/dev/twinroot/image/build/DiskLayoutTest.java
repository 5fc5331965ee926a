package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinroot.partitioner.DiskLabel;
import dev.twinroot.partitioner.FileDisk;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.partitioner.TableKind;
import dev.twinroot.updater.contract.Partition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private static DiskLabel create(ImageConfig config, Path image) throws IOException {
        new Partitioner(new Random(7)).createImage(image, DiskLayout.of(config), 512);
        try (FileDisk disk = FileDisk.openReadOnly(image, 512)) {
            Partitioner p = new Partitioner(new Random(7));
            assertEquals(List.of(), p.verify(disk));
            return p.read(disk);
        }
    }
}
