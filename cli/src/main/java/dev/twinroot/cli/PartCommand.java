package dev.twinroot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinroot part}: partition tables on disk images and block devices. */
@Command(
        name = "part",
        mixinStandardHelpOptions = true,
        description = "Create, show, verify, repair and grow GPT and MBR partition tables.",
        subcommands = {PartCreateCommand.class, PartShowCommand.class, PartVerifyCommand.class,
                PartRepairCommand.class, PartGrowCommand.class},
        footer = {"", "Example:", "  twinroot part create --layout layout.json disk.img && twinroot part verify disk.img"})
final class PartCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: create, show, verify, repair or grow");
    }
}
