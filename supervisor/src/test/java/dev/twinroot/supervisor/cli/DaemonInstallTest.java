package dev.twinroot.supervisor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.assessment.PendingUpdate;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.daemon.Daemon;
import dev.twinroot.supervisor.daemon.TestDevice;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.config.SystemConfigParser;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.Device;
import dev.twinroot.updater.install.InstallLock;
import dev.twinroot.updater.json.JsonTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twinrootctl install} while the daemon runs: a real daemon on a Unix socket, its real installer over file
 * slots, a real signed bundle; the command asks the daemon and follows it. The pending-update record names the
 * version the daemon runs, which only the daemon's install knows (one in the command's own process leaves it out).
 */
class DaemonInstallTest {

    @TempDir
    Path dir;
    TestDevice device;
    Path slotB;
    Path bootState;
    Path bundle;
    byte[] image;
    FileSlots files;
    Device updater;
    /** What the command reads: the updater's file slots, and the daemon's socket and token. */
    Path config;

    @BeforeEach
    void device() throws IOException {
        device = new TestDevice(Files.createDirectories(dir.resolve("device")), "echo all good");
        files = FileSlots.create(dir, 9);
        image = files.image();
        bundle = files.bundle();
        slotB = files.slotB();
        bootState = files.bootState();
        config = Files.writeString(dir.resolve("updater.json"),
                files.systemJson(device.data, device.socket, device.tokenFile));
        updater = Device.running(new SystemConfigParser().read(config), Platform.linux(), Slot.A);
        device.sourceInstaller = Optional.of(device.updaterInstaller(updater, "1.0.0"));
    }

    CtlRun install(String... args) {
        String[] all = Arrays.copyOf(new String[] {"install", "--config", config.toString()}, 3 + args.length);
        System.arraycopy(args, 0, all, 3, args.length);
        return CtlRun.of(all);
    }

    @Test
    void theRunningDaemonInstallsAndTheCommandPrintsItsProgress() throws Exception {
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            CtlRun run = install(bundle.toString());
            assertEquals(0, run.exit(), run.err());
            List<String> lines = run.out().lines().toList();
            assertEquals("the running supervisor installs it (install 1)", lines.get(0));
            assertTrue(lines.containsAll(List.of("state: mark-bad", "state: write", "state: verify-target",
                    "state: activate", "state: reboot-pending")), run.out());
            assertTrue(lines.contains("  verify 100% (50000 of 50000 bytes)"), run.out());
            assertEquals("installed 1.2.0 into slot B; reboot to try it, then mark it good", lines.get(lines.size() - 1));
            assertEquals("", run.err());

            assertArrayEquals(image, Arrays.copyOf(Files.readAllBytes(slotB), image.length));
            assertEquals(Slot.B, new FileBootStateStore(bootState).read().primary());
            PendingUpdate pending = new StateDir(device.data).loadPending().orElseThrow();
            assertEquals(List.of("1.2.0", "B", Optional.of("1.0.0")),
                    List.of(pending.version(), pending.targetSlot(), pending.fromVersion()),
                    "recorded by the daemon, which knows the version it runs");
        }
    }

    @Test
    void jsonLinesHaveTheShapesOfAnInstallInTheCommandsOwnProcess() throws Exception {
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            CtlRun run = install("--json", bundle.toString());
            assertEquals(0, run.exit(), run.err());
            for (String line : run.out().lines().toList()) {
                assertTrue(JsonTree.read(line.getBytes()) instanceof Map<?, ?>, line);
            }
            assertTrue(run.out().contains("{\"state\":\"reboot-pending\",\"slot\":\"B\",\"version\":\"1.2.0\"}"),
                    run.out());
            assertTrue(run.out().contains("{\"phase\":\"verify\",\"done\":50000,\"total\":50000}"), run.out());
            assertTrue(run.out().startsWith("{\"note\":\"the running supervisor installs it (install 1)\"}\n"), run.out());
        }
    }

    @Test
    void aRefusedBundleIsOneLineAndLeavesTheSlotsAlone() throws Exception {
        Path delta = files.deltaFromAnotherSource(dir);
        byte[] b = Files.readAllBytes(slotB);
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            CtlRun refused = install(delta.toString());
            assertEquals(1, refused.exit());
            assertEquals(1, refused.err().lines().count(), refused.err());
            assertTrue(refused.err().startsWith("twinrootctl install: ") && refused.err().contains("delta source is 65536"
                    + " bytes with SHA-256 "), refused.err());
            assertArrayEquals(b, Files.readAllBytes(slotB), "slot B untouched");
            assertEquals(Slot.A, new FileBootStateStore(bootState).read().nextBoot().orElseThrow());

            CtlRun missing = install(dir.resolve("nope.twb").toString());
            assertEquals(1, missing.exit());
            assertTrue(missing.err().startsWith("twinrootctl install: bundle "), missing.err());
            assertEquals(1, missing.err().lines().count(), missing.err());

            assertEquals(0, install(bundle.toString()).exit(), "the daemon installs again after failures");
        }
    }

    @Test
    void anInstallHeldByAnotherProcessIsRefusedThroughTheDaemonToo() throws Exception {
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            try (InstallLock.Held held = new InstallLock(device.data, java.time.Clock.systemUTC()).acquire()) {
                CtlRun second = install(bundle.toString());
                assertEquals(1, second.exit());
                assertTrue(second.err().startsWith("twinrootctl install: another install is running (pid "),
                        second.err());
            }
            assertEquals(Slot.A, new FileBootStateStore(bootState).read().primary());
        }
    }

    @Test
    void withoutADaemonTheCommandInstallsItself() throws IOException {
        // The socket the configuration names does not exist: nobody to ask.
        config = Files.writeString(dir.resolve("no-daemon.json"), Files.readString(config)
                .replace(device.socket.toString(), dir.resolve("none.sock").toString()));
        CtlRun run = install("--cmdline", cmdline(), bundle.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(!run.out().contains("the running supervisor"), run.out());
        assertTrue(run.out().endsWith("installed 1.2.0 into slot B; reboot to try it, then mark it good\n"), run.out());
    }

    private String cmdline() {
        try {
            return Files.writeString(dir.resolve("cmdline"), "twinroot.slot=A\n").toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
