package dev.twinroot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinroot bundle}: create, sign, verify and inspect update bundles. */
@Command(
        name = "bundle",
        mixinStandardHelpOptions = true,
        description = "Create, sign, verify and inspect update bundles (docs/formats/bundle.md).",
        subcommands = {BundleCreateCommand.class, BundleSignCommand.class, BundleVerifyCommand.class,
            BundleInfoCommand.class},
        footer = {"", "Example:", "  twinroot bundle verify update.twb --keyring keyring/"})
final class BundleCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
