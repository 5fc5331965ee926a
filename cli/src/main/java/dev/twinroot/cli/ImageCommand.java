package dev.twinroot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinroot image}: complete OS images. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        description = "Build bootable A/B disk images, slot images and their update bundles.",
        subcommands = {ImageBuildCommand.class},
        footer = {"", "Example:", "  twinroot image build -o out/default"})
final class ImageCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: build");
    }
}
