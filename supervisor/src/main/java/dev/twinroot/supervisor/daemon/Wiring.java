package dev.twinroot.supervisor.daemon;

import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.agent.IndexSignatureCheck;
import dev.twinroot.supervisor.agent.Installer;
import dev.twinroot.supervisor.agent.OsRelease;
import dev.twinroot.supervisor.assessment.BootChooser;
import dev.twinroot.supervisor.assessment.LastInstall;
import dev.twinroot.supervisor.assessment.Reboots;
import dev.twinroot.supervisor.assessment.RollbackFloor;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.supervisor.grow.DataGrower;
import dev.twinroot.supervisor.grow.DataGrowthRecord;
import dev.twinroot.supervisor.grow.DataPartitionGrower;
import dev.twinroot.supervisor.grow.UnchangedDataPartition;
import dev.twinroot.supervisor.health.HealthCheck;
import java.security.SecureRandom;
import java.time.Clock;
import dev.twinroot.supervisor.watchdog.WatchdogPet;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.Device;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.Keyring;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The supervisor's boundaries to the other modules: boot control, the installer (for the update agent and for
 * installs asked through the API), its recovery at boot, the
 * anti-rollback floor and the installer's record of the last install (updater), reboot and the watchdog (platform), the channel signature check (updater's CMS
 * verifier), application health (containers), growing the data partition (partitioner and platform), and the
 * application containers ({@link AppsWiring}, which the daemon starts, checks and closes). Each is an interface
 * the supervisor defines; {@link #forDevice} is where the adapters are chosen.
 */
public record Wiring(
        Optional<BootChooser> bootChooser,
        Optional<Reboots> reboots,
        Optional<WatchdogPet> watchdog,
        Optional<Installer> installer,
        Optional<SourceInstaller> sourceInstaller,
        Optional<InstallRecovery> installRecovery,
        Optional<IndexSignatureCheck> indexSignature,
        Optional<RollbackFloor> rollbackFloor,
        Optional<LastInstall> lastInstall,
        List<HealthCheck> applicationChecks,
        Optional<DataGrower> dataGrower,
        Optional<AppsWiring> apps) {

    public Wiring {
        applicationChecks = List.copyOf(applicationChecks);
    }

    /**
     * The adapters of a real device: boot control, the installer and the anti-rollback floor over the updater
     * (from the updater's part of system.json), reboot through the init system ({@link OrderlyReboots}, the
     * platform's reboot(2) its fallback) and the hardware watchdog through the platform module,
     * and, when a channel is configured, its index signature checked with the device's bundle keyring. The
     * watchdog, when configured, is opened and armed here. The application containers run through runc; a device
     * without it gets them too, and its apps API says why they are unavailable.
     */
    public static Wiring forDevice(SystemConfig config, dev.twinroot.updater.config.SystemConfig updater,
                                   Platform platform, Slot booted) throws IOException {
        Device device = Device.running(updater, platform, booted);
        StateDir state = new StateDir(config.dataPath());
        Optional<WatchdogPet> watchdog = Optional.empty();
        if (config.watchdog().isPresent()) {
            SystemConfig.Watchdog w = config.watchdog().get();
            watchdog = Optional.of(PlatformWatchdogPet.open(platform.watchdogs(), Path.of(w.device()), w.timeout()));
        }
        Optional<String> running = OsRelease.version(Path.of(config.osRelease()));
        UpdaterInstaller installer = new UpdaterInstaller(device, platform, state, Clock.systemUTC(), running);
        Optional<IndexSignatureCheck> signature = Optional.empty();
        if (config.updates().channel().isPresent()) {
            // Loaded at start so that a missing or broken keyring stops the daemon at once, not at the first poll.
            signature = Optional.of(new CmsIndexSignature(
                    new CmsVerifier(Keyring.load(updater.keyring()), ClockPolicy.system())));
        }
        return new Wiring(Optional.of(new UpdaterBootChooser(device.boot(), state)),
                Optional.of(OrderlyReboots.of(config.reboot().command(), config.reboot().fallback(), platform.power(),
                        BootClock.start(BootClock.PROC_UPTIME))), watchdog, Optional.of(installer),
                Optional.of(installer), Optional.of(installer), signature, Optional.of(new UpdaterRollbackFloor(device.rollbackFloor())),
                Optional.of(new UpdaterLastInstall(device.status())), List.of(), Optional.of(UnchangedDataPartition.onDevice(new DataPartitionGrower(platform,
                        new Partitioner(new SecureRandom()), config.dataPath(), Clock.systemUTC()),
                        new DataGrowthRecord(state.root()), platform.mounts(), config.dataPath(), Clock.systemUTC())),
                Optional.of(AppsWiring.forDevice(config)));
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
        if (rollbackFloor.isEmpty()) {
            missing.add("anti-rollback floor");
        }
        if (config.watchdog().isPresent() && watchdog.isEmpty()) {
            missing.add("watchdog " + config.watchdog().get().device());
        }
        if (config.updates().channel().isPresent()) {
            if (installer.isEmpty()) {
                missing.add("installer for updates from the channel");
            }
            if (indexSignature.isEmpty()) {
                missing.add("channel index signature check");
            }
        }
        return missing;
    }
}
