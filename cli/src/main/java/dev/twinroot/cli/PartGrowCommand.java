package dev.twinroot.cli;

import dev.twinroot.partitioner.FileDisk;
import dev.twinroot.partitioner.Partitioner;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinroot part grow}: the first-boot expansion of the last partition. */
@Command(
        name = "grow",
        mixinStandardHelpOptions = true,
        description = {"Grow the last partition to the end of the disk (moving a GPT's backup to the new end first).",
                "Only the partition that ends last can grow."},
        footer = {"", "Example:", "  truncate -s 4G disk.img && twinroot part grow disk.img --partition 4"})
final class PartGrowCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SectorSizeOption sectors;

    @Option(names = "--partition", paramLabel = "N", description = "Partition number (default: the partition that ends last).")
    Integer partition;

    @Parameters(paramLabel = "IMAGE", description = "Disk image file or block device.")
    Path image;

    @Override
    public Integer call() throws Exception {
        Partitioner.Growth g;
        try (FileDisk disk = sectors.open(image)) {
            g = new Partitioner(new SecureRandom()).grow(disk, partition == null ? OptionalInt.empty() : OptionalInt.of(partition));
        }
        // On a block device BLKRRPART (or BLKPG resize) from the platform module belongs here once it exists.
        if (g.sectorsBefore() == g.sectorsAfter()) {
            out().println(image + ": partition " + g.number() + " already fills the disk (" + g.sectorsAfter() + " sectors)");
        } else {
            out().println(image + ": partition " + g.number() + " grew from " + g.sectorsBefore() + " to " + g.sectorsAfter() + " sectors");
        }
        return 0;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
