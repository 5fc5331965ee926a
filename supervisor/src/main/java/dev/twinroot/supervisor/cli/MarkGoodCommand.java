package dev.twinroot.supervisor.cli;

import dev.twinroot.platform.Platform;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.Device;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code twinrootctl mark-good}: commit the running slot. */
@Command(name = "mark-good", mixinStandardHelpOptions = true,
        description = "Commit the running slot: give it the default tries again and, if the bootloader fell back to"
                + " it, make it primary and record the rollback.",
        footer = {"", "Example:", "  twinrootctl mark-good"})
final class MarkGoodCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws Exception {
        Device d = device.device(Platform.linux());
        Optional<Slot> fellBackFrom = d.marks().markGood();
        Slot booted = d.boot().bootedSlot();
        spec.commandLine().getOut().println("slot " + booted.name() + " marked good"
                + fellBackFrom.map(s -> "; the bootloader had fallen back from slot " + s.name()
                        + ", recorded as a rollback").orElse(""));
        return 0;
    }
}
