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

/** {@code twinroot part verify}: exit 0 only if the table is valid, else one line per problem and exit 1. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {"Check the partition table against every rule of the UEFI specification (GPT) or the DOS format.",
                "Prints one line per problem and exits 1 if there is any."},
        footer = {"", "Example:", "  twinroot part verify disk.img || twinroot part repair disk.img"})
final class PartVerifyCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SectorSizeOption sectors;

    @Parameters(paramLabel = "IMAGE", description = "Disk image file or block device.")
    Path image;

    @Override
    public Integer call() throws Exception {
        List<String> problems;
        try (FileDisk disk = sectors.openReadOnly(image)) {
            problems = new Partitioner(new SecureRandom()).verify(disk);
        }
        if (problems.isEmpty()) {
            out().println(image + ": partition table is valid");
            return 0;
        }
        problems.forEach(out()::println);
        return UserErrors.FAILURE;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
