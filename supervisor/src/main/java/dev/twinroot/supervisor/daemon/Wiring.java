package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.agent.IndexSignatureCheck;
import dev.twinroot.supervisor.agent.Installer;
import dev.twinroot.supervisor.assessment.BootChooser;
import dev.twinroot.supervisor.assessment.Reboots;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.supervisor.health.HealthCheck;
import dev.twinroot.supervisor.watchdog.WatchdogPet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The supervisor's boundaries to the other modules: boot control and the installer (updater), reboot and the
 * watchdog (platform), the channel signature check (updater's CMS verifier), application health (containers).
 * Each is an interface the supervisor defines; {@link #forDevice} is where the adapters are chosen.
 */
public record Wiring(
        Optional<BootChooser> bootChooser,
        Optional<Reboots> reboots,
        Optional<WatchdogPet> watchdog,
        Optional<Installer> installer,
        Optional<IndexSignatureCheck> indexSignature,
        List<HealthCheck> applicationChecks) {

    public Wiring {
        applicationChecks = List.copyOf(applicationChecks);
    }

    /**
     * The adapters that exist on this device. None does yet: the updater's BootControl, installer and CMS
     * verifier and the platform's Power and Watchdog are being written in their modules, and each becomes one
     * line here (an adapter to the interface above) when it lands. Until then the daemon refuses to start and
     * {@link #missing} says why.
     */
    public static Wiring forDevice(SystemConfig config) {
        return new Wiring(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of());
    }

    /** What this configuration needs and this wiring lacks, one phrase each; empty when the daemon can run. */
    public List<String> missing(SystemConfig config) {
        List<String> missing = new ArrayList<>();
        if (bootChooser.isEmpty()) {
            missing.add("boot control for backend '" + config.system().bootBackend()
                    + "' (the updater's BootControl is not wired into the supervisor yet)");
        }
        if (reboots.isEmpty()) {
            missing.add("reboot (the platform module's Power is not wired into the supervisor yet)");
        }
        if (config.watchdog().isPresent() && watchdog.isEmpty()) {
            missing.add("watchdog " + config.watchdog().get().device()
                    + " (the platform module's Watchdog is not wired into the supervisor yet)");
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
