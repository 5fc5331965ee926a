package dev.twinroot.supervisor.assessment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the assessment of one boot stands. Each state is persisted in {@code assessment.json} before the
 * supervisor acts on it, carries everything needed to act, and names the boot it belongs to: after a crash of
 * the supervisor in the same boot it resumes from the persisted state; after a reboot the persisted state is
 * the previous boot's story. Transitions live in {@link AssessmentMachine}; what each state does, in
 * {@link AssessmentMachine#actionsOf}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "state")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AssessmentState.Assessing.class, name = "assessing"),
        @JsonSubTypes.Type(value = AssessmentState.FallbackDetected.class, name = "fallback-detected"),
        @JsonSubTypes.Type(value = AssessmentState.RecordingRollback.class, name = "recording-rollback"),
        @JsonSubTypes.Type(value = AssessmentState.RunningChecks.class, name = "running-checks"),
        @JsonSubTypes.Type(value = AssessmentState.Committing.class, name = "committing"),
        @JsonSubTypes.Type(value = AssessmentState.Committed.class, name = "committed"),
        @JsonSubTypes.Type(value = AssessmentState.RebootingForFallback.class, name = "rebooting-for-fallback"),
        @JsonSubTypes.Type(value = AssessmentState.Unhealthy.class, name = "unhealthy")})
public sealed interface AssessmentState {

    /** The kernel's boot id of the boot this state belongs to. */
    String bootId();

    /** The slot that boot runs from. */
    String slot();

    /** When the state was entered (wall clock, for people). */
    Instant at();

    /** The name used in {@code assessment.json} (the {@code state} tag above) and in status output. */
    @JsonIgnore
    String name();

    /** Why this boot is assessed. */
    enum Kind {
        /** The booted slot holds a freshly installed update: commit it or let the bootloader fall back. */
        @JsonProperty("update") UPDATE,
        /** The bootloader fell back to this slot: record the rollback, then commit this slot as first. */
        @JsonProperty("fallback") FALLBACK,
        /** A committed slot booted again: reset its tries once healthy. */
        @JsonProperty("regular") REGULAR
    }

    /** The update a trial boot is trying, and the boots of that slot that reached the supervisor so far. */
    record Trial(
            @JsonProperty("update") Optional<PendingUpdate> update,
            @JsonProperty("attempts") List<Attempt> attempts) {

        public Trial {
            update = update == null ? Optional.empty() : update;
            attempts = attempts == null ? List.of() : List.copyOf(attempts);
        }
    }

    /** One boot of a trial slot that reached the supervisor, and why it did not commit (empty while running). */
    record Attempt(
            @JsonProperty("bootId") String bootId,
            @JsonProperty("startedAt") Instant startedAt,
            @JsonProperty("failure") Optional<String> failure) {

        public Attempt {
            failure = failure == null ? Optional.empty() : failure;
        }
    }

    /** The supervisor is deciding what this boot is. */
    record Assessing(
            @JsonProperty("bootId") String bootId,
            @JsonProperty("slot") String slot,
            @JsonProperty("at") Instant at,
            @JsonProperty("previous") Optional<AssessmentState> previous) implements AssessmentState {

        @Override
        public String name() {
            return "assessing";
        }

        public Assessing {
            previous = previous == null ? Optional.empty() : previous;
        }
    }

    /** The booted slot is not the first in BOOT_ORDER: {@code failedSlot} ran out of tries. */
    record FallbackDetected(
            @JsonProperty("bootId") String bootId,
            @JsonProperty("slot") String slot,
            @JsonProperty("at") Instant at,
            @JsonProperty("failedSlot") String failedSlot,
            @JsonProperty("pending") Optional<PendingUpdate> pending,
            @JsonProperty("previous") Optional<AssessmentState> previous) implements AssessmentState {

        @Override
        public String name() {
            return "fallback-detected";
        }

        public FallbackDetected {
            pending = pending == null ? Optional.empty() : pending;
            previous = previous == null ? Optional.empty() : previous;
        }
    }

    /** Writing the rollback record and keeping the failed boots' logs. */
    record RecordingRollback(
            @JsonProperty("bootId") String bootId,
            @JsonProperty("slot") String slot,
            @JsonProperty("at") Instant at,
            @JsonProperty("rollback") Rollback rollback) implements AssessmentState {

        @Override
        public String name() {
            return "recording-rollback";
        }
    }

    /**
     * Health checks run until {@code deadline}, an instant of the boot clock (time since boot), so that a wall
     * clock set by NTP in the middle of the checks neither ends them early nor extends them.
     */
    record RunningChecks(
            @JsonProperty("bootId") String bootId,
            @JsonProperty("slot") String slot,
            @JsonProperty("at") Instant at,
            @JsonProperty("kind") Kind kind,
            @JsonProperty("trial") Optional<Trial> trial,
            @JsonProperty("deadline") Instant deadline) implements AssessmentState {

        @Override
        public String name() {
            return "running-checks";
        }

        public RunningChecks {
            trial = trial == null ? Optional.empty() : trial;
        }
    }

    /** Healthy: marking the slot good (and first, after a fallback), then recording the update's success. */
    record Committing(
            @JsonProperty("bootId") String bootId,
            @JsonProperty("slot") String slot,
            @JsonProperty("at") Instant at,
            @JsonProperty("kind") Kind kind,
            @JsonProperty("trial") Optional<Trial> trial) implements AssessmentState {

        @Override
        public String name() {
            return "committing";
        }

        public Committing {
            trial = trial == null ? Optional.empty() : trial;
        }
    }

    /** Done: the slot is good and every record says so. */
    record Committed(
            @JsonProperty("bootId") String bootId,
            @JsonProperty("slot") String slot,
            @JsonProperty("at") Instant at,
            @JsonProperty("kind") Kind kind,
            @JsonProperty("trial") Optional<Trial> trial) implements AssessmentState {

        @Override
        public String name() {
            return "committed";
        }

        public Committed {
            trial = trial == null ? Optional.empty() : trial;
        }
    }

    /** A trial boot failed its checks: reboot without committing, so the bootloader's tries run out. */
    record RebootingForFallback(
            @JsonProperty("bootId") String bootId,
            @JsonProperty("slot") String slot,
            @JsonProperty("at") Instant at,
            @JsonProperty("trial") Trial trial,
            @JsonProperty("reason") String reason) implements AssessmentState {

        @Override
        public String name() {
            return "rebooting-for-fallback";
        }
    }

    /**
     * A committed or fallback slot failed its checks. There is nothing better to boot, so the supervisor stays
     * up to report it and does not reset the slot's tries.
     */
    record Unhealthy(
            @JsonProperty("bootId") String bootId,
            @JsonProperty("slot") String slot,
            @JsonProperty("at") Instant at,
            @JsonProperty("kind") Kind kind,
            @JsonProperty("reason") String reason) implements AssessmentState {

        @Override
        public String name() {
            return "unhealthy";
        }
    }
}
