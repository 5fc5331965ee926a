package dev.twinroot.supervisor.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.assessment.AssessmentState.Assessing;
import dev.twinroot.supervisor.assessment.AssessmentState.Attempt;
import dev.twinroot.supervisor.assessment.AssessmentState.Committed;
import dev.twinroot.supervisor.assessment.AssessmentState.Committing;
import dev.twinroot.supervisor.assessment.AssessmentState.FallbackDetected;
import dev.twinroot.supervisor.assessment.AssessmentState.Kind;
import dev.twinroot.supervisor.assessment.AssessmentState.RebootingForFallback;
import dev.twinroot.supervisor.assessment.AssessmentState.RecordingRollback;
import dev.twinroot.supervisor.assessment.AssessmentState.RunningChecks;
import dev.twinroot.supervisor.assessment.AssessmentState.Trial;
import dev.twinroot.supervisor.assessment.AssessmentState.Unhealthy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AssessmentMachineTest {

    static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
    static final Instant UPTIME = Instant.EPOCH.plusSeconds(20);
    static final PendingUpdate UPDATE = new PendingUpdate("2.0.0", Optional.of("1.0.0"), "B", NOW);
    static final Trial TRIAL = new Trial(Optional.of(UPDATE), List.of(new Attempt("b1", NOW, Optional.empty())));
    final AssessmentMachine machine = new AssessmentMachine(Duration.ofMinutes(5));

    @Test
    void everyStateSurvivesTheTripThroughItsRecord() throws IOException {
        Rollback rollback = new Rollback("20261128T020000Z-B", "B", "A", Optional.of(UPDATE), "why", TRIAL.attempts(), NOW);
        List<AssessmentState> states = List.of(
                new Assessing("b1", "B", NOW, Optional.of(new Committed("b0", "A", NOW, Kind.REGULAR, Optional.empty()))),
                new FallbackDetected("b1", "A", NOW, "B", Optional.of(UPDATE), Optional.empty()),
                new RecordingRollback("b1", "A", NOW, rollback),
                new RunningChecks("b1", "B", NOW, Kind.UPDATE, Optional.of(TRIAL), UPTIME),
                new Committing("b1", "B", NOW, Kind.UPDATE, Optional.of(TRIAL)),
                new Committed("b1", "B", NOW, Kind.FALLBACK, Optional.empty()),
                new RebootingForFallback("b1", "B", NOW, TRIAL, "why"),
                new Unhealthy("b1", "A", NOW, Kind.REGULAR, "why"));
        assertEquals(8, AssessmentState.class.getPermittedSubclasses().length, "a state is missing from this test");
        for (AssessmentState s : states) {
            byte[] json = Json.bytes(s);
            assertTrue(new String(json).contains("\"state\":\"" + s.name() + "\""), new String(json));
            assertTrue(!new String(json).contains("\"name\""), "name() is not a field: " + new String(json));
            assertEquals(s, Json.reader(AssessmentState.class).readValue(json));
        }
    }

    @Test
    void theSupervisorResumesTheStateOfItsOwnBootAndStartsAfreshOnANewOne() {
        AssessmentState persisted = new Committing("b1", "B", NOW, Kind.UPDATE, Optional.of(TRIAL));
        assertEquals(persisted, machine.start("b1", "B", Optional.of(persisted), NOW));
        Assessing fresh = assertInstanceOf(Assessing.class, machine.start("b2", "B", Optional.of(persisted), NOW));
        assertEquals(Optional.of(persisted), fresh.previous());
    }

    @Test
    void theDeadlineIsOnTheBootClock() {
        Assessing a = new Assessing("b1", "B", NOW, Optional.empty());
        BootStatus trial = new BootStatus("B", "B", false, Optional.of(UPDATE));
        RunningChecks r = assertInstanceOf(RunningChecks.class, machine.next(a, new Event.Proceed(), trial, NOW, UPTIME));
        assertEquals(UPTIME.plus(Duration.ofMinutes(5)), r.deadline());
        assertEquals(Kind.UPDATE, r.kind());
    }

    @Test
    void successIsRecordedOnlyAfterTheSlotIsMarkedGood() {
        List<Action> actions = AssessmentMachine.actionsOf(new Committing("b1", "B", NOW, Kind.UPDATE, Optional.of(TRIAL)));
        assertInstanceOf(Action.MarkGood.class, actions.get(0));
        assertInstanceOf(Action.RecordSuccess.class, actions.get(actions.size() - 1));
    }

    @Test
    void aFallbackCommitPutsTheBootedSlotFirst() {
        List<Action> actions = AssessmentMachine.actionsOf(new Committing("b1", "A", NOW, Kind.FALLBACK, Optional.empty()));
        assertEquals(List.of(new Action.MarkGood("A"), new Action.PutFirst("A")), actions);
    }

    @Test
    void aMissingTransitionIsABug() {
        AssessmentState done = new Committed("b1", "B", NOW, Kind.UPDATE, Optional.of(TRIAL));
        BootStatus status = new BootStatus("B", "B", true, Optional.empty());
        assertThrows(IllegalStateException.class, () -> machine.next(done, new Event.Proceed(), status, NOW, UPTIME));
    }
}
