package dev.twinroot.supervisor.cli;

import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.config.DeviceConfig;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.supervisor.daemon.Daemon;
import dev.twinroot.supervisor.daemon.Environment;
import dev.twinroot.supervisor.daemon.MissingAdapterException;
import dev.twinroot.supervisor.daemon.Wiring;
import dev.twinroot.updater.bootcontrol.KernelCommandLine;
import dev.twinroot.updater.contract.Slot;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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

    /**
     * The daemon as init starts it at every boot, {@code daemon} or {@code daemon --config FILE}, run without
     * building the picocli model: that start is on the way to every trial boot's commit, and picocli's reflection
     * over the command classes took about 10 s of it under QEMU's emulation. Empty when {@code args} ask for
     * anything else (help, another option, a typo), which the full command line then parses and explains.
     */
    static Optional<Integer> startDirectly(String[] args, PrintWriter err) {
        Optional<Path> file = plainStart(args);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        DaemonCommand command = new DaemonCommand();
        command.config = new ConfigOption(file.get());
        try {
            return Optional.of(command.call());
        } catch (Exception e) {
            return Optional.of(CtlErrors.report(e, "twinrootctl daemon", err));
        }
    }

    /** The configuration file of a plain start, or empty when {@code args} are not one. */
    static Optional<Path> plainStart(String[] args) {
        if (args.length == 0 || !args[0].equals("daemon")) {
            return Optional.empty();
        }
        if (args.length == 1) {
            return Optional.of(Path.of(ConfigOption.DEFAULT_FILE));
        }
        if (args.length == 3 && (args[1].equals("--config") || args[1].equals("-c")) && !args[2].startsWith("-")) {
            return Optional.of(Path.of(args[2]));
        }
        if (args.length == 2 && args[1].startsWith("--config=") && args[1].length() > "--config=".length()) {
            return Optional.of(Path.of(args[1].substring("--config=".length())));
        }
        return Optional.empty();
    }

    @Override
    public Integer call() throws Exception {
        DeviceConfig device = config.loadDevice();
        SystemConfig c = device.supervisor();
        Slot booted = KernelCommandLine.bootedSlot(Files.readString(Path.of("/proc/cmdline")));
        Wiring wiring = Wiring.forDevice(c, device.updater(), Platform.linux(), booted);
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
