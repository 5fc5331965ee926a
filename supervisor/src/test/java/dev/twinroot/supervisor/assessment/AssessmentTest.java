package dev.twinroot.supervisor.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.assessment.AssessmentState.Committed;
import dev.twinroot.supervisor.assessment.AssessmentState.Kind;
import dev.twinroot.supervisor.assessment.AssessmentState.RebootingForFallback;
import dev.twinroot.supervisor.assessment.AssessmentState.Unhealthy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssessmentTest {

    @TempDir
    Path data;
    Device device;

    @BeforeEach
    void setUp() {
        device = new Device(data);
    }

    @Test
    void aHealthyUpdateIsCommittedAndOnlyThenRecordedAsSuccessful() throws IOException {
        device.powerOn().assess();
        device.install("2.0.0", "B");

        AssessmentState end = device.powerOn().assess();

        Committed c = assertInstanceOf(Committed.class, end);
        assertEquals(Kind.UPDATE, c.kind());
        assertEquals("B", c.slot());
        assertTrue(device.bootloader.isCommitted("B"));
        assertEquals(SimulatedBootloader.DEFAULT_LEFT, device.bootloader.left("B"));
        UpdateOutcome outcome = device.state.lastUpdate().orElseThrow();
        assertEquals(UpdateOutcome.Result.SUCCESS, outcome.result());
        assertEquals("2.0.0", outcome.version().orElseThrow());
        assertEquals(List.of("2.0.0"), device.floorRaises, "the committed version becomes the anti-rollback floor");
        assertEquals(List.of("committed B"), device.lastInstallTold, "the install shows as committed, no longer pending");
        assertEquals(1, outcome.attempts());
        assertTrue(device.state.loadPending().isEmpty(), "the pending record is gone once committed");
        assertFalse(Files.exists(device.state.trialLogDir()), "a committed trial's logs are discarded");
        assertEquals(List.of(), device.reboots);
    }

    @Test
    void anUnhealthyUpdateRebootsWithoutCommittingUntilTheBootloaderFallsBack() throws IOException {
        device.powerOn().assess();
        device.install("2.0.0", "B");
        device.app = Device.failing("exit status 3: cannot reach the sensor bus");

        for (int attempt = 1; attempt <= SimulatedBootloader.DEFAULT_LEFT; attempt++) {
            AssessmentState end = device.powerOn().assess();
            RebootingForFallback r = assertInstanceOf(RebootingForFallback.class, end);
            assertEquals("B", r.slot());
            assertEquals(attempt, r.trial().attempts().size());
            assertFalse(device.bootloader.isCommitted("B"));
            assertTrue(device.state.lastUpdate().isEmpty(), "nothing reports the update before it ends");
        }
        assertEquals(List.of(), device.floorRaises, "a trial that never committed leaves the floor alone");
        assertEquals(List.of(), device.lastInstallTold, "the install stays pending while its slot is on trial");
        assertEquals(3, device.reboots.size());
        assertTrue(device.reboots.get(0).contains("cannot reach the sensor bus"), device.reboots.get(0));

        device.app = Device.healthy();
        AssessmentState end = device.powerOn().assess();

        assertEquals("A", end.slot(), "the bootloader fell back to A");
        Committed c = assertInstanceOf(Committed.class, end);
        assertEquals(Kind.FALLBACK, c.kind());
        assertEquals(List.of("A", "B"), device.bootloader.order(), "A is first again");
        assertEquals(SimulatedBootloader.DEFAULT_LEFT, device.bootloader.left("A"));
        Rollback rollback = device.state.rollbacks().get(0);
        assertEquals("B", rollback.failedSlot());
        assertEquals("2.0.0", rollback.update().orElseThrow().version());
        assertTrue(rollback.reason().startsWith("slot B failed its health checks: check 'app' failed: exit status 3"),
                rollback.reason());
        assertTrue(rollback.reason().endsWith("(3 boots reached the supervisor)"), rollback.reason());
        assertEquals(3, rollback.attempts().size());
        assertTrue(rollback.attempts().stream().allMatch(a -> a.failure().isPresent()));
        try (Stream<Path> logs = Files.list(device.state.rollbackDir().resolve(rollback.id()).resolve("logs"))) {
            assertEquals(3, logs.count(), "each failed boot's log is kept with the rollback");
        }
        UpdateOutcome outcome = device.state.lastUpdate().orElseThrow();
        assertEquals(UpdateOutcome.Result.ROLLED_BACK, outcome.result());
        assertEquals(rollback.reason(), outcome.reason().orElseThrow());
        assertTrue(device.state.loadPending().isEmpty());
        assertEquals(List.of("rolled-back B: " + rollback.reason()), device.lastInstallTold,
                "the fallback ends the install's trial, with the rollback's reason; the commit of A is no update");
    }

    @Test
    void theDeadlinePassingCountsAsAFailure() throws IOException {
        device.powerOn().assess();
        device.install("2.0.0", "B");
        device.app = device.slow(Device.DEADLINE.plusSeconds(1));

        RebootingForFallback r = assertInstanceOf(RebootingForFallback.class, device.powerOn().assess());

        assertTrue(r.reason().contains("deadline passed while check 'app' ran"), r.reason());
        assertFalse(device.bootloader.isCommitted("B"));
    }

    @Test
    void aCheckThatFinishesJustInTimeCounts() throws IOException {
        device.powerOn().assess();
        device.install("2.0.0", "B");
        device.app = device.slow(Device.DEADLINE.minusSeconds(2));

        assertInstanceOf(Committed.class, device.powerOn().assess());
    }

    @Test
    void aSlotThatNeverReachesTheSupervisorIsRolledBackWithThatReason() throws IOException {
        device.powerOn().assess();
        device.install("2.0.0", "B");
        for (int i = 0; i < SimulatedBootloader.DEFAULT_LEFT; i++) {
            device.powerOn(); // kernel panic: no supervisor runs on B
            assertEquals("B", device.bootloader.bootedSlot());
        }

        assertInstanceOf(Committed.class, device.powerOn().assess());

        Rollback rollback = device.state.rollbacks().get(0);
        assertTrue(rollback.reason().startsWith("slot B never reached the supervisor"), rollback.reason());
        assertEquals(List.of(), rollback.attempts());
    }

    @Test
    void aTrialThatDiesDuringItsChecksIsRolledBackWithThatReason() throws IOException {
        device.powerOn().assess();
        device.install("2.0.0", "B");
        // The watchdog resets the board while the checks run: the record says running-checks.
        device.powerOn();
        Assessment a = device.assessment(new StopInChecks(device.state), device.bootloader);
        try {
            a.run();
        } catch (StopInChecks.Stopped expected) {
            // power gone
        }
        device.powerOn();
        device.powerOn();

        assertInstanceOf(Committed.class, device.powerOn().assess());

        Rollback rollback = device.state.rollbacks().get(0);
        assertTrue(rollback.reason().startsWith("slot B stopped while its health checks ran"), rollback.reason());
        assertEquals(1, rollback.attempts().size());
        assertEquals("the boot stopped while its health checks ran", rollback.attempts().get(0).failure().orElseThrow());
    }

    @Test
    void aCommittedSlotIsMarkedGoodOnEveryHealthyBoot() throws IOException {
        device.powerOn().assess();
        assertEquals(SimulatedBootloader.DEFAULT_LEFT, device.bootloader.left("A"));
        Committed c = assertInstanceOf(Committed.class, device.powerOn().assess());
        assertEquals(Kind.REGULAR, c.kind());
        assertEquals(2, device.bootloader.markGoodCalls);
        assertTrue(device.state.lastUpdate().isEmpty(), "a regular boot is not an update");
        assertEquals(List.of(), device.lastInstallTold, "nor the end of an install's trial");
    }

    @Test
    void anUnhealthyCommittedSlotStaysUpUnmarkedAndDoesNotReboot() throws IOException {
        device.app = Device.failing("disk full");
        Unhealthy u = assertInstanceOf(Unhealthy.class, device.powerOn().assess());
        assertEquals(Kind.REGULAR, u.kind());
        assertTrue(u.reason().contains("disk full"));
        assertEquals(0, device.bootloader.markGoodCalls);
        assertEquals(List.of(), device.reboots);
    }

    @Test
    void anUnreadableAssessmentRecordIsSetAsideAndTheBootAssessedAfresh() throws IOException {
        Files.createDirectories(device.state.root());
        Files.writeString(device.state.assessmentFile(), "{\"state\":\"committed\",\"slot\":");
        assertInstanceOf(Committed.class, device.powerOn().assess());
        assertTrue(Files.exists(device.state.root().resolve("assessment.json.unreadable")));
    }

    /** Records that stop the device (as a watchdog reset would) once the checks have started. */
    private static final class StopInChecks extends ForwardingRecords {
        static final class Stopped extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }

        StopInChecks(AssessmentRecords delegate) {
            super(delegate);
        }

        @Override
        public Path trialLog(String name) {
            throw new Stopped();
        }
    }
}
