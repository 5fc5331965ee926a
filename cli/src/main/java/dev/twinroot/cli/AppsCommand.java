package dev.twinroot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinroot apps}: host-side work on application container images for devices. */
@Command(
        name = "apps",
        mixinStandardHelpOptions = true,
        description = "Application container images for devices: deltas between two versions of an image.",
        subcommands = {AppsDeltaCommand.class},
        footer = {"", "Example:", "  twinroot apps delta app-1.0.tar app-1.1.tar app-1.0-to-1.1.tid"})
public final class AppsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: delta");
    }
}
