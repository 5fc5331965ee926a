package dev.twinroot.supervisor.cli;

import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.supervisor.daemon.Daemon;
import dev.twinroot.supervisor.daemon.Environment;
import dev.twinroot.supervisor.daemon.MissingAdapterException;
import dev.twinroot.supervisor.daemon.Wiring;
import dev.twinroot.updater.bootcontrol.KernelCommandLine;
import dev.twinroot.updater.config.SystemConfigParser;
import dev.twinroot.updater.contract.Slot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code twinrootctl daemon}: the supervisor, run by the init system at boot. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the supervisor: assess this boot, serve the local API, poll the channel, pet the watchdog.",
                "",
                "Assessing a boot means running the health checks and then committing the booted slot, or, for an",
                "update on trial that fails them, rebooting so the bootloader falls back. Runs until SIGTERM."},
        footer = {"", "Example (a systemd unit's ExecStart):",
                "  java -XX:+UseSerialGC -Xmx24m -jar twinroot-supervisor.jar daemon"})
final class DaemonCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        SystemConfig c = config.load();
        Slot booted = KernelCommandLine.bootedSlot(Files.readString(Path.of("/proc/cmdline")));
        Wiring wiring = Wiring.forDevice(c, new SystemConfigParser().read(config.file), Platform.linux(), booted);
        List<String> missing = wiring.missing(c);
        if (!missing.isEmpty()) {
            throw new MissingAdapterException(missing);
        }
        Daemon daemon = Daemon.start(c, wiring, Environment.linux(), Clock.systemUTC());
        daemon.closeWhenTheJvmStops();
        daemon.runMainLoop();
        return 0;
    }
}
