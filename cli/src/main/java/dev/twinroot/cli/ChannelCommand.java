package dev.twinroot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinroot channel}: the static, signed update channel devices poll. */
@Command(
        name = "channel",
        mixinStandardHelpOptions = true,
        description = "Update channels: a signed index, full bundles and deltas, served by any web server.",
        subcommands = {ChannelPublishCommand.class},
        footer = {"", "Example:", "  twinroot channel publish --key keys/signing.key --cert keys/signing.pem \\",
                "      --keyring keyring/ --out www/channels/stable os-1.0.0.twb os-1.1.0.twb os-1.2.0.twb"})
public final class ChannelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: publish");
    }
}
