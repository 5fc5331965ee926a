package dev.twinroot.supervisor.cli;

import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.config.ConfigLoader;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.Device;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code twinrootctl mark-good}: commit the running slot. While the daemon runs it is asked ({@code POST
 * /v1/mark-good}), so that its assessment of this boot and the boot state agree: it commits a slot whose checks
 * failed, says so of one already committed, and refuses while its assessment runs. Without a daemon the command
 * marks the slot good in the boot state itself.
 */
@Command(name = "mark-good", mixinStandardHelpOptions = true,
        description = {"Commit the running slot: give it the default tries again and, if the bootloader fell back to"
                + " it, make it primary and record the rollback.",
            "While the supervisor daemon runs, the daemon does it (POST /v1/mark-good): it commits a slot its health"
                + " checks found unhealthy and refuses while it is still assessing the boot."},
        footer = {"", "Example:", "  twinrootctl mark-good"})
final class MarkGoodCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws Exception {
        Optional<String> daemon = new DaemonApi(ConfigLoader.load(device.config))
                .messageIfRunning("POST", "/v1/mark-good");
        if (daemon.isPresent()) {
            spec.commandLine().getOut().println(daemon.get());
            return 0;
        }
        Device d = device.device(Platform.linux());
        Optional<Slot> fellBackFrom = d.marks().markGood();
        Slot booted = d.boot().bootedSlot();
        spec.commandLine().getOut().println("slot " + booted.name() + " marked good"
                + fellBackFrom.map(s -> "; the bootloader had fallen back from slot " + s.name()
                        + ", recorded as a rollback").orElse(""));
        return 0;
    }
}
