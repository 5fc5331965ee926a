package dev.twinroot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinroot qemu}: boot images in QEMU and run the end-to-end scenarios. */
@Command(
        name = "qemu",
        mixinStandardHelpOptions = true,
        description = "Boot images in QEMU (ARM64 virt) and run the end-to-end scenarios.",
        subcommands = {QemuRunCommand.class, QemuTestCommand.class},
        footer = {"", "Examples:", "  twinroot qemu run disk.img", "  twinroot qemu test --jobs 2"})
final class QemuCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: run or test");
    }
}
