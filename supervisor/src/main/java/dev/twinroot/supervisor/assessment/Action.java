package dev.twinroot.supervisor.assessment;

import java.time.Instant;

/**
 * What a state asks the supervisor to do. Every action is idempotent, because a supervisor that crashes after
 * persisting a state does all of that state's actions again when it restarts.
 */
public sealed interface Action {

    /** Opens this boot's log of a trial, kept on the data partition in case the trial fails. */
    record OpenTrialLog(String name) implements Action {
    }

    /** Runs the health checks until the boot-clock {@code deadline}; the outcome is the next event. */
    record RunHealthChecks(Instant deadline) implements Action {
    }

    record MarkGood(String slot) implements Action {
    }

    record PutFirst(String slot) implements Action {
    }

    /** The committed update's version becomes the anti-rollback floor (never lowered). */
    record RaiseRollbackFloor(String version) implements Action {
    }

    /** Writes {@code last-update.json} as a success and removes the pending-update record. */
    record RecordSuccess(AssessmentState.Trial trial, String slot, Instant at) implements Action {
    }

    /** Writes the rollback record, moves the failed boots' logs next to it, updates {@code last-update.json}. */
    record RecordRollback(Rollback rollback) implements Action {
    }

    /** The trial committed: its logs are no longer evidence of anything. */
    record DiscardTrialLogs() implements Action {
    }

    record RequestReboot(String reason) implements Action {
    }
}
