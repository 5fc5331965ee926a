package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.FakeClock;
import dev.twinroot.supervisor.assessment.BootChooser;
import dev.twinroot.supervisor.config.ConfigLoader;
import dev.twinroot.supervisor.config.SystemConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device in a temporary directory for daemon tests: a data "partition" that the mount table says is
 * mounted, a boot id, an os-release, a configuration, and in-memory stand-ins for the adapters to the
 * updater and the platform (boot control, reboot, watchdog, anti-rollback floor).
 */
public final class TestDevice {

    public final Path root;
    public final Path data;
    public final Path configFile;
    public final Path socket;
    public final Path tokenFile;
    public final List<String> reboots = new CopyOnWriteArrayList<>();
    public final List<String> markedGood = new CopyOnWriteArrayList<>();
    public final List<String> floorRaises = new CopyOnWriteArrayList<>();
    public final AtomicInteger pets = new AtomicInteger();
    /** What the daemon runs to grow the data partition; none unless a test sets one. */
    public java.util.Optional<dev.twinroot.supervisor.grow.DataGrower> dataGrower = java.util.Optional.empty();
    /** The application containers the daemon runs; none unless a test sets them. */
    public Optional<AppsWiring> apps = Optional.empty();
    /** What the daemon runs for {@code POST /v1/install}; none by default (the API then refuses with 409). */
    public Optional<SourceInstaller> sourceInstaller = Optional.empty();
    final Environment environment;

    public TestDevice(Path root, String healthScript) throws IOException {
        this.root = root;
        this.data = Files.createDirectories(root.resolve("data"));
        this.socket = root.resolve("run/api.sock");
        this.tokenFile = root.resolve("etc/api-token");
        Path mountinfo = Files.writeString(root.resolve("mountinfo"),
                "22 1 254:1 / / ro,relatime - ext4 /dev/vda2 ro\n28 22 254:4 / " + data + " rw,relatime - ext4 /dev/vda4 rw\n");
        Path bootId = Files.writeString(root.resolve("boot_id"), "8c4f0c7e-3a4e-4a57-9c1e-0d1f2a3b4c5d\n");
        Path osRelease = Files.writeString(root.resolve("os-release"), "ID=twinroot\nIMAGE_VERSION=1.0.0\n");
        this.configFile = Files.writeString(root.resolve("system.json"), """
                {
                  "formatVersion": 1,
                  "compatible": "qemu-arm64",
                  "slots": {"A": {"device": "/dev/vda2"}, "B": {"device": "/dev/vda3"}},
                  "bootControl": {"backend": "u-boot", "path": "/mnt/boot"},
                  "keyring": "/etc/twinroot/keyring", "osRelease": "%s",
                  "dataDir": "%s",
                  "api": {"port": 0, "socket": "%s", "tokenFile": "%s"},
                  "health": {"deadlineSeconds": 60, "commands": [
                    {"name": "app", "command": ["/bin/sh", "-c", "%s"], "timeoutSeconds": 10}]},
                  "watchdog": {"device": "/dev/watchdog", "timeoutSeconds": 3}
                }
                """.formatted(osRelease, data, socket, tokenFile, healthScript), StandardCharsets.UTF_8);
        this.environment = new Environment(bootId, mountinfo, Path.of("/proc/locks"),
                new FakeClock(Instant.EPOCH.plusSeconds(12)));
    }

    /**
     * The daemon's real installer for API installs over {@code updater}'s slots (file slots in tests), recording
     * pending updates in this device's data directory as coming from {@code runningVersion}.
     */
    public SourceInstaller updaterInstaller(dev.twinroot.updater.install.Device updater, String runningVersion) {
        return new UpdaterInstaller(updater, dev.twinroot.platform.Platform.linux(),
                new dev.twinroot.supervisor.assessment.StateDir(data), java.time.Clock.systemUTC(),
                Optional.of(runningVersion));
    }

    public SystemConfig config() throws IOException {
        return ConfigLoader.load(configFile);
    }

    public Wiring wiring() {
        BootChooser chooser = new BootChooser() {
            @Override
            public String bootedSlot() {
                return "A";
            }

            @Override
            public String primarySlot() {
                return "A";
            }

            @Override
            public boolean isCommitted(String slot) {
                return true;
            }

            @Override
            public Optional<Integer> triesLeft(String slot) {
                return Optional.of(slot.equals("A") ? 3 : 0);
            }

            @Override
            public void markGood(String slot) {
                markedGood.add(slot);
            }

            @Override
            public void putFirst(String slot) {
                throw new AssertionError("no fallback in these tests");
            }
        };
        return new Wiring(Optional.of(chooser), Optional.of(reboots::add), Optional.of(pets::incrementAndGet),
                Optional.empty(), sourceInstaller, Optional.empty(), Optional.empty(), Optional.of(floorRaises::add),
                Optional.empty(), List.of(), dataGrower, apps);
    }

    public Daemon start() throws IOException {
        return Daemon.start(config(), wiring(), environment, java.time.Clock.systemUTC());
    }
}
