package dev.twinroot.supervisor.cli;

import dev.twinroot.platform.Platform;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.Device;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code twinrootctl mark-bad}: a slot must not be booted. */
@Command(name = "mark-bad", mixinStandardHelpOptions = true,
        description = "Mark a slot bad (no tries left), by default the running one. Refused when the other slot"
                + " has no tries left either.",
        footer = {"", "Example:", "  twinrootctl mark-bad B"})
final class MarkBadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions device;

    @Parameters(paramLabel = "SLOT", arity = "0..1", description = "A or B (default: the running slot).")
    Optional<Slot> slot;

    @Override
    public Integer call() throws Exception {
        Device d = device.device(Platform.linux());
        Slot which = slot.orElse(d.boot().bootedSlot());
        d.marks().markBad(which);
        spec.commandLine().getOut().println("slot " + which.name() + " marked bad");
        return 0;
    }
}
