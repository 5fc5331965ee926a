package dev.twinroot.supervisor.cli;

import dev.twinroot.platform.Platform;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.Device;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code twinrootctl rollback}: the other slot boots next, if it is good. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Make the slot that is not primary the primary, if it has tries left and no install is"
                + " writing it; refused otherwise. Takes effect at the next boot.",
        footer = {"", "Example:", "  twinrootctl rollback && reboot"})
final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws Exception {
        Device d = device.device(Platform.linux());
        Slot primary = d.marks().rollback();
        spec.commandLine().getOut().println("slot " + primary.name() + " is primary; reboot to boot it");
        return 0;
    }
}
