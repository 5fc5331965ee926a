package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.agent.IndexSignatureCheck;
import dev.twinroot.supervisor.agent.Installer;
import dev.twinroot.supervisor.assessment.BootChooser;
import dev.twinroot.supervisor.assessment.Reboots;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.supervisor.grow.DataGrower;
import dev.twinroot.supervisor.grow.DataPartitionGrower;
import dev.twinroot.supervisor.health.HealthCheck;
import java.security.SecureRandom;
import java.time.Clock;
import dev.twinroot.supervisor.watchdog.WatchdogPet;
import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.updater.bootcontrol.BootControl;
import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The supervisor's boundaries to the other modules: boot control and the installer (updater), reboot and the
 * watchdog (platform), the channel signature check (updater's CMS verifier), application health (containers),
 * growing the data partition (partitioner and platform).
 * Each is an interface the supervisor defines; {@link #forDevice} is where the adapters are chosen.
 */
public record Wiring(
        Optional<BootChooser> bootChooser,
        Optional<Reboots> reboots,
        Optional<WatchdogPet> watchdog,
        Optional<Installer> installer,
        Optional<IndexSignatureCheck> indexSignature,
        List<HealthCheck> applicationChecks,
        Optional<DataGrower> dataGrower) {

    public Wiring {
        applicationChecks = List.copyOf(applicationChecks);
    }

    /**
     * The adapters of a real device: boot control over the updater's state store (U-Boot, GRUB or file, from
     * the updater's part of system.json), reboot and the hardware watchdog through the platform module. The
     * watchdog, when configured, is opened and armed here. The installer and the channel signature check are
     * not adapted yet, so a configuration with an update channel is refused by {@link #missing}.
     */
    public static Wiring forDevice(SystemConfig config, dev.twinroot.updater.config.SystemConfig updater,
                                   Platform platform, Slot booted) throws IOException {
        BootControl control = BootControls.over(Device.bootStateStore(updater), booted);
        Optional<WatchdogPet> watchdog = Optional.empty();
        if (config.watchdog().isPresent()) {
            SystemConfig.Watchdog w = config.watchdog().get();
            watchdog = Optional.of(PlatformWatchdogPet.open(platform.watchdogs(), Path.of(w.device()), w.timeout()));
        }
        return new Wiring(Optional.of(new UpdaterBootChooser(control, new StateDir(config.dataPath()))),
                Optional.of(new PlatformReboots(platform.power())), watchdog, Optional.empty(), Optional.empty(),
                List.of(), Optional.of(new DataPartitionGrower(platform, new Partitioner(new SecureRandom()),
                        config.dataPath(), Clock.systemUTC())));
    }

    /** What this configuration needs and this wiring lacks, one phrase each; empty when the daemon can run. */
    public List<String> missing(SystemConfig config) {
        List<String> missing = new ArrayList<>();
        if (bootChooser.isEmpty()) {
            missing.add("boot control");
        }
        if (reboots.isEmpty()) {
            missing.add("reboot");
        }
        if (config.watchdog().isPresent() && watchdog.isEmpty()) {
            missing.add("watchdog " + config.watchdog().get().device());
        }
        if (config.updates().channel().isPresent()) {
            if (installer.isEmpty()) {
                missing.add("installer for updates from the channel (the updater's installer is not wired yet)");
            }
            if (indexSignature.isEmpty()) {
                missing.add("channel index signature check (the updater's CMS verifier is not wired yet)");
            }
        }
        return missing;
    }
}
