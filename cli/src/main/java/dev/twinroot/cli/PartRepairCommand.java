package dev.twinroot.cli;

import dev.twinroot.partitioner.FileDisk;
import dev.twinroot.partitioner.Partitioner;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code twinroot part repair}: restores a damaged GPT copy from the intact one. */
@Command(
        name = "repair",
        mixinStandardHelpOptions = true,
        description = {"Restore a damaged GPT header or entry array from the other copy, move the backup GPT to the end "
                + "of a disk that grew, and rewrite a wrong protective MBR. Prints one line per action."},
        footer = {"", "Example:", "  twinroot part repair disk.img"})
final class PartRepairCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SectorSizeOption sectors;

    @Parameters(paramLabel = "IMAGE", description = "Disk image file or block device.")
    Path image;

    @Override
    public Integer call() throws Exception {
        List<String> actions;
        try (FileDisk disk = sectors.open(image)) {
            actions = new Partitioner(new SecureRandom()).repair(disk);
        }
        // On a block device BLKRRPART (platform module) belongs here once it exists.
        if (actions.isEmpty()) {
            out().println(image + ": nothing to repair");
        }
        actions.forEach(out()::println);
        return 0;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
