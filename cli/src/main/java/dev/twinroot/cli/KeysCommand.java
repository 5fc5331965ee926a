package dev.twinroot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinroot keys}: signing keys and certificates for bundles. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create signing keys and certificates for bundles.",
        subcommands = {KeysDevCaCommand.class},
        footer = {"", "Example:", "  twinroot keys dev-ca --out keys/"})
final class KeysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
