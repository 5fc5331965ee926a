package dev.twinroot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinroot delta}: make, apply, inspect and check block-level deltas between two images. */
@Command(
        name = "delta",
        mixinStandardHelpOptions = true,
        description = "Block-level deltas between two images: a small change costs a small download.",
        subcommands = {DeltaCreateCommand.class, DeltaApplyCommand.class, DeltaInfoCommand.class,
                DeltaVerifyCommand.class},
        footer = {"", "Example:", "  twinroot delta create rootfs-1.0.img rootfs-1.1.img 1.0-to-1.1.delta",
                "  twinroot delta apply rootfs-1.0.img 1.0-to-1.1.delta rootfs-1.1.img"})
public final class DeltaCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: create, apply, info, verify");
    }
}
