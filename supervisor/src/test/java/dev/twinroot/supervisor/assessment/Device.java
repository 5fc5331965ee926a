package dev.twinroot.supervisor.assessment;

import dev.twinroot.supervisor.AtomicFiles;
import dev.twinroot.supervisor.FakeClock;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.health.HealthCheck;
import dev.twinroot.supervisor.health.HealthChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A simulated device for assessment tests: bootloader, data partition, clocks, health, reboots. */
final class Device {

    static final Duration DEADLINE = Duration.ofMinutes(5);

    final SimulatedBootloader bootloader = new SimulatedBootloader();
    final FakeClock wall = FakeClock.at("2026-11-28T02:00:00Z");
    final FakeClock uptime = new FakeClock(Instant.EPOCH);
    final StateDir state;
    final List<String> reboots = new ArrayList<>();
    final List<Path> trialLogsOpened = new ArrayList<>();
    /** Every raise of the anti-rollback floor, in order. */
    final List<String> floorRaises = new ArrayList<>();
    /** What the installer's record of the last install was told, in order: "committed B", "rolled-back B: why". */
    final List<String> lastInstallTold = new ArrayList<>();
    final LastInstall lastInstall = new LastInstall() {
        @Override
        public void trialCommitted(String slot) {
            lastInstallTold.add("committed " + slot);
        }

        @Override
        public void trialRolledBack(String slot, String reason) {
            lastInstallTold.add("rolled-back " + slot + ": " + reason);
        }
    };
    /** What the application's health check does on the current boot. */
    HealthCheck app = healthy();
    String bootId;

    Device(Path dataDir) {
        this.state = new StateDir(dataDir);
    }

    /** Power on: the bootloader picks a slot, the boot clock restarts, the wall clock moves on. */
    Device powerOn() {
        bootId = bootloader.boot();
        uptime.set(Instant.EPOCH);
        wall.advance(Duration.ofMinutes(1));
        return this;
    }

    /** What the installer leaves behind when it has written {@code target} and flipped BOOT_ORDER. */
    void install(String version, String target) throws IOException {
        bootloader.install(target);
        AtomicFiles.write(state.pendingFile(), Json.bytes(new PendingUpdate(version, Optional.of("1.0.0"), target,
                wall.instant())));
    }

    AssessmentState assess() throws IOException {
        return assessment(state, bootloader).run();
    }

    Assessment assessment(AssessmentRecords records, BootChooser chooser) {
        HealthChecks checks = new HealthChecks(List.of(new Delegating("app")), uptime);
        return new Assessment(new AssessmentMachine(DEADLINE), records, chooser, checks, new AppendingTrialLog(),
                reboots::add, floorRaises::add, Optional.of(lastInstall), wall, uptime, bootId);
    }

    static HealthCheck healthy() {
        return check(HealthCheck.Result.healthy("ok"), Duration.ofSeconds(2), null);
    }

    static HealthCheck failing(String why) {
        return check(HealthCheck.Result.unhealthy(why), Duration.ofSeconds(2), null);
    }

    /** A check that passes, but only after {@code takes} of boot-clock time. */
    HealthCheck slow(Duration takes) {
        return check(HealthCheck.Result.healthy("ok, eventually"), takes, uptime);
    }

    private static HealthCheck check(HealthCheck.Result result, Duration takes, FakeClock clock) {
        return new HealthCheck() {
            @Override
            public String name() {
                return "app";
            }

            @Override
            public Result run(Duration budget) {
                if (clock != null) {
                    clock.advance(takes);
                }
                return result;
            }
        };
    }

    /** Looks up {@link #app} when it runs, so a test can change it between boots. */
    private final class Delegating implements HealthCheck {
        private final String name;

        Delegating(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Result run(Duration budget) throws InterruptedException {
            uptime.advance(Duration.ofSeconds(1));
            return app.run(budget);
        }
    }

    /** Stands in for the log handler: writes a line to the trial log when it is opened. */
    private final class AppendingTrialLog implements TrialLog {
        @Override
        public void open(Path file) {
            trialLogsOpened.add(file);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, "{\"message\":\"supervisor log of " + bootId + "\"}\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
        }
    }
}
