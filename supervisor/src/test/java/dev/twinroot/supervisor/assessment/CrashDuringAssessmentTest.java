package dev.twinroot.supervisor.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.assessment.AssessmentState.Committed;
import dev.twinroot.supervisor.assessment.AssessmentState.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor dies at every point where it writes something (before and after each write of a record or of
 * the boot state), then restarts: in the same boot (the daemon was restarted) or after a power cut (a new
 * boot). Every run must end where an uninterrupted one does, with the same records.
 */
class CrashDuringAssessmentTest {

    @TempDir
    Path root;

    @Test
    void anUpdateCommitsWhereverTheSupervisorRestartsInTheSameBoot() throws IOException {
        List<String> statesSeen = new ArrayList<>();
        int points = 0;
        for (int k = 1; ; k++) {
            Device device = updateOnTrial(root.resolve("same-" + k));
            Crash crash = new Crash(k);
            boolean crashed = crashOnce(device, crash, statesSeen);
            AssessmentState end = device.assess();
            assertUpdateCommitted(device, end, "crash point " + k);
            if (!crashed) {
                points = k - 1;
                break;
            }
        }
        assertTrue(points >= 8, "expected crash points around every write, found " + points);
        assertTrue(statesSeen.containsAll(List.of("assessing", "running-checks", "committing", "committed")),
                statesSeen.toString());
    }

    @Test
    void anUpdateCommitsWhereverThePowerIsCut() throws IOException {
        for (int k = 1; ; k++) {
            Device device = updateOnTrial(root.resolve("power-" + k));
            boolean crashed = crashOnce(device, new Crash(k), new ArrayList<>());
            AssessmentState end = device.powerOn().assess();
            assertUpdateCommitted(device, end, "power cut at point " + k);
            if (!crashed) {
                break;
            }
        }
    }

    @Test
    void aRollbackIsRecordedOnceWhereverTheSupervisorRestarts() throws IOException {
        List<String> statesSeen = new ArrayList<>();
        for (int k = 1; ; k++) {
            Device device = updateOnTrial(root.resolve("rollback-" + k));
            device.app = Device.failing("exit status 1");
            for (int i = 0; i < SimulatedBootloader.DEFAULT_LEFT; i++) {
                if (i > 0) {
                    device.powerOn();
                }
                device.assess();
            }
            device.app = Device.healthy();
            device.powerOn();
            boolean crashed = crashOnce(device, new Crash(k), statesSeen);
            AssessmentState end = device.assess();

            String at = "crash point " + k;
            Committed c = assertInstanceOf(Committed.class, end, at);
            assertEquals(Kind.FALLBACK, c.kind(), at);
            assertEquals(List.of("A", "B"), device.bootloader.order(), at);
            List<Rollback> rollbacks = device.state.rollbacks();
            assertEquals(1, rollbacks.size(), at);
            assertTrue(rollbacks.get(0).reason().contains("exit status 1"), at + ": " + rollbacks.get(0).reason());
            try (Stream<Path> logs = Files.list(device.state.rollbackDir().resolve(rollbacks.get(0).id()).resolve("logs"))) {
                assertEquals(3, logs.count(), at);
            }
            assertEquals(UpdateOutcome.Result.ROLLED_BACK, device.state.lastUpdate().orElseThrow().result(), at);
            if (!crashed) {
                break;
            }
        }
        assertTrue(statesSeen.containsAll(List.of("fallback-detected", "recording-rollback", "running-checks",
                "committing", "committed")), statesSeen.toString());
    }

    private static Device updateOnTrial(Path dataDir) throws IOException {
        Device device = new Device(dataDir);
        device.powerOn().assess();
        device.install("2.0.0", "B");
        device.powerOn();
        return device;
    }

    private static void assertUpdateCommitted(Device device, AssessmentState end, String at) throws IOException {
        Committed c = assertInstanceOf(Committed.class, end, at);
        assertEquals("B", c.slot(), at);
        // A power cut after the success was recorded leaves nothing to commit: the next boot is a regular one.
        assertTrue(c.kind() == Kind.UPDATE || c.kind() == Kind.REGULAR, at);
        assertTrue(device.bootloader.isCommitted("B"), at);
        assertTrue(Files.notExists(device.state.trialLogDir()), at + ": trial logs left behind");
        UpdateOutcome outcome = device.state.lastUpdate().orElseThrow(() -> new AssertionError(at + ": no outcome"));
        assertEquals(UpdateOutcome.Result.SUCCESS, outcome.result(), at);
        assertEquals(Optional.of("2.0.0"), outcome.version(), at);
        assertTrue(device.state.loadPending().isEmpty(), at);
        assertEquals(List.of(), device.reboots, at);
    }

    /** Runs the assessment with a crash at point {@code crash}; returns whether it crashed. */
    private static boolean crashOnce(Device device, Crash crash, List<String> statesSeen) throws IOException {
        CrashingRecords records = new CrashingRecords(device.state, crash, statesSeen);
        CrashingChooser chooser = new CrashingChooser(device.bootloader, crash);
        try {
            device.assessment(records, chooser).run();
            return false;
        } catch (Crash.Died e) {
            // Before a success is on record, the update must not be reported as one unless B is committed.
            device.state.lastUpdate().ifPresent(o -> assertTrue(
                    o.result() != UpdateOutcome.Result.SUCCESS || device.bootloader.isCommitted("B"),
                    "success recorded before commit"));
            return true;
        }
    }

    /** Counts down the points where the process may die. */
    static final class Crash {
        static final class Died extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }

        private int left;

        Crash(int at) {
            this.left = at;
        }

        void point() {
            if (--left == 0) {
                throw new Died();
            }
        }
    }

    private static final class CrashingRecords extends ForwardingRecords {
        private final Crash crash;
        private final List<String> statesSeen;

        CrashingRecords(AssessmentRecords delegate, Crash crash, List<String> statesSeen) {
            super(delegate);
            this.crash = crash;
            this.statesSeen = statesSeen;
        }

        @Override
        public void saveAssessment(AssessmentState state) throws IOException {
            crash.point();
            super.saveAssessment(state);
            statesSeen.add(state.name());
            crash.point();
        }

        @Override
        public void recordSuccess(AssessmentState.Trial trial, String slot, Instant at) throws IOException {
            crash.point();
            super.recordSuccess(trial, slot, at);
            crash.point();
        }

        @Override
        public void recordRollback(Rollback rollback) throws IOException {
            crash.point();
            super.recordRollback(rollback);
            crash.point();
        }

        @Override
        public void discardTrialLogs() throws IOException {
            crash.point();
            super.discardTrialLogs();
            crash.point();
        }
    }

    private static final class CrashingChooser implements BootChooser {
        private final BootChooser delegate;
        private final Crash crash;

        CrashingChooser(BootChooser delegate, Crash crash) {
            this.delegate = delegate;
            this.crash = crash;
        }

        @Override
        public String bootedSlot() throws IOException {
            return delegate.bootedSlot();
        }

        @Override
        public String primarySlot() throws IOException {
            return delegate.primarySlot();
        }

        @Override
        public boolean isCommitted(String slot) throws IOException {
            return delegate.isCommitted(slot);
        }

        @Override
        public void markGood(String slot) throws IOException {
            crash.point();
            delegate.markGood(slot);
            crash.point();
        }

        @Override
        public void putFirst(String slot) throws IOException {
            crash.point();
            delegate.putFirst(slot);
            crash.point();
        }
    }
}
