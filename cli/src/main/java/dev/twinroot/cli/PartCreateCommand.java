package dev.twinroot.cli;

import dev.twinroot.partitioner.DiskLabel;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.partitioner.layout.LayoutReader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinroot part create}: writes a layout's table, making or resizing the image file. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {"Write the partition table a layout file describes.",
                "An image file is created or resized to the layout's size (never below a table it already holds); "
                        + "on a block device the table spans the whole device."},
        footer = {"", "Example:", "  twinroot part create --layout layout.json disk.img",
                "  with layout.json: {\"table\":\"gpt\",\"size\":\"2GiB\",\"partitions\":[{\"label\":\"boot\",\"type\":\"efi\",\"size\":\"64MiB\"},"
                        + "{\"label\":\"data\",\"type\":\"linux\",\"size\":\"rest\"}]}"})
final class PartCreateCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SectorSizeOption sectors;

    @Option(names = "--layout", required = true, paramLabel = "FILE", description = "Layout file (JSON); see docs/cli/part.md.")
    Path layout;

    @Parameters(paramLabel = "IMAGE", description = "Disk image file or block device.")
    Path image;

    @Override
    public Integer call() throws Exception {
        DiskLabel label = new Partitioner(new SecureRandom())
                .createImage(image, new LayoutReader().read(layout), sectors.sectorSize());
        // Writing to a block device: the kernel re-reads the table only after BLKRRPART, which belongs in the
        // platform module (not yet available): until then, run partprobe or reboot.
        out().print(PartShowCommand.text(image, label));
        out().flush();
        return 0;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
