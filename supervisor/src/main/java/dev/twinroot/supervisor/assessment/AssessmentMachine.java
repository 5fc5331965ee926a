package dev.twinroot.supervisor.assessment;

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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every transition of the boot assessment, in one place and without I/O: the caller persists the state this
 * returns, then performs {@link #actionsOf} it, then feeds the outcome back as an {@link Event}.
 *
 * <pre>
 * Assessing --fallback--------------> FallbackDetected --> RecordingRollback --> RunningChecks(fallback)
 * Assessing --trial (update)--------> RunningChecks(update)
 * Assessing --committed slot--------> RunningChecks(regular)
 * RunningChecks --passed------------> Committing --> Committed
 * RunningChecks(update) --failed----> RebootingForFallback      (the bootloader's tries run out)
 * RunningChecks(other) --failed-----> Unhealthy                 (nothing better to boot: stay up, report)
 * Unhealthy --marked good by hand---> Committing
 * </pre>
 */
public final class AssessmentMachine {

    /** Attempts kept per trial: a slot is tried a handful of times, this only bounds a corrupt history. */
    static final int MAX_ATTEMPTS = 16;
    private static final DateTimeFormatter ROLLBACK_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Duration healthDeadline;

    public AssessmentMachine(Duration healthDeadline) {
        if (healthDeadline.isNegative() || healthDeadline.isZero()) {
            throw new IllegalArgumentException("health deadline must be positive, found " + healthDeadline);
        }
        this.healthDeadline = healthDeadline;
    }

    /**
     * The state this boot starts in: the persisted one if it belongs to this boot (the supervisor restarted),
     * otherwise a fresh assessment that remembers how the previous boot ended.
     */
    public AssessmentState start(String bootId, String bootedSlot, Optional<AssessmentState> persisted, Instant now) {
        if (persisted.isPresent() && persisted.get().bootId().equals(bootId)) {
            return persisted.get();
        }
        return new Assessing(bootId, bootedSlot, now, persisted.map(AssessmentMachine::withoutHistory));
    }

    /** True when the assessment of this boot is over once the state's actions are done. */
    public static boolean isFinal(AssessmentState s) {
        return s instanceof Committed || s instanceof RebootingForFallback || s instanceof Unhealthy;
    }

    public static List<Action> actionsOf(AssessmentState s) {
        if (s instanceof RecordingRollback r) {
            return List.of(new Action.RecordRollback(r.rollback()));
        }
        if (s instanceof RunningChecks r) {
            if (r.kind() == Kind.UPDATE) {
                return List.of(new Action.OpenTrialLog(trialLogName(r)), new Action.RunHealthChecks(r.deadline()));
            }
            return List.of(new Action.RunHealthChecks(r.deadline()));
        }
        if (s instanceof Committing c) {
            List<Action> actions = new ArrayList<>();
            actions.add(new Action.MarkGood(c.slot()));
            if (c.kind() == Kind.FALLBACK) {
                actions.add(new Action.PutFirst(c.slot()));
            }
            if (c.kind() == Kind.UPDATE) {
                // Only after MarkGood: nothing may call the update a success before the slot is committed.
                // The floor goes up before the pending record goes away, so a crash in between redoes it.
                c.trial().orElseThrow().update()
                        .ifPresent(u -> actions.add(new Action.RaiseRollbackFloor(u.version())));
                actions.add(new Action.RecordSuccess(c.trial().orElseThrow(), c.slot(), c.at()));
            }
            return List.copyOf(actions);
        }
        if (s instanceof Committed) {
            // Every kind: a commit interrupted after the success was recorded ends as a regular boot next time,
            // and its trial logs must not end up in a later trial's rollback.
            return List.of(new Action.DiscardTrialLogs());
        }
        if (s instanceof RebootingForFallback r) {
            return List.of(new Action.RequestReboot(r.reason()));
        }
        return List.of();
    }

    /**
     * The next state. {@code now} is the wall clock (for records), {@code bootNow} the boot clock (for
     * deadlines).
     */
    public AssessmentState next(AssessmentState s, Event e, BootStatus status, Instant now, Instant bootNow) {
        if (s instanceof Assessing a && e instanceof Event.Proceed) {
            return assess(a, status, now, bootNow);
        }
        if (s instanceof FallbackDetected f && e instanceof Event.Proceed) {
            return new RecordingRollback(f.bootId(), f.slot(), now, rollback(f, now));
        }
        if (s instanceof RecordingRollback r && e instanceof Event.Proceed) {
            return new RunningChecks(r.bootId(), r.slot(), now, Kind.FALLBACK, Optional.empty(),
                    bootNow.plus(healthDeadline));
        }
        if (s instanceof RunningChecks r) {
            if (e instanceof Event.ChecksPassed) {
                return new Committing(r.bootId(), r.slot(), now, r.kind(), r.trial());
            }
            Optional<String> reason = failure(e);
            if (reason.isPresent()) {
                if (r.kind() == Kind.UPDATE) {
                    Trial trial = r.trial().orElseThrow();
                    return new RebootingForFallback(r.bootId(), r.slot(), now, failLast(trial, reason.get()),
                            reason.get());
                }
                return new Unhealthy(r.bootId(), r.slot(), now, r.kind(), reason.get());
            }
        }
        if (s instanceof Unhealthy u && e instanceof Event.MarkedGoodByHand) {
            return new Committing(u.bootId(), u.slot(), now, u.kind(), Optional.empty());
        }
        if (s instanceof Committing c && e instanceof Event.Proceed) {
            return new Committed(c.bootId(), c.slot(), now, c.kind(), c.trial());
        }
        throw new IllegalStateException("no transition from " + s.name() + " on " + e);
    }

    private AssessmentState assess(Assessing a, BootStatus status, Instant now, Instant bootNow) {
        if (status.fallback()) {
            return new FallbackDetected(a.bootId(), a.slot(), now, status.primarySlot(), status.pending(),
                    a.previous());
        }
        Optional<PendingUpdate> pending = status.pendingForBootedSlot();
        if (pending.isPresent() || !status.bootedSlotCommitted()) {
            // A committed slot with a pending record: the previous boot crashed between mark-good and recording
            // the success. The checks run again before the success is recorded: cheap, and never wrong.
            Trial trial = continueTrial(a.previous(), a.slot(), pending, new Attempt(a.bootId(), now, Optional.empty()));
            return new RunningChecks(a.bootId(), a.slot(), now, Kind.UPDATE, Optional.of(trial),
                    bootNow.plus(healthDeadline));
        }
        return new RunningChecks(a.bootId(), a.slot(), now, Kind.REGULAR, Optional.empty(),
                bootNow.plus(healthDeadline));
    }

    /** The attempts so far of the same update on the same slot, the last one closed, plus this boot. */
    private static Trial continueTrial(Optional<AssessmentState> previous, String slot, Optional<PendingUpdate> update,
                                       Attempt current) {
        List<Attempt> attempts = new ArrayList<>();
        previous.filter(p -> p.slot().equals(slot))
                .flatMap(AssessmentMachine::trialOf)
                .filter(t -> t.update().equals(update))
                .ifPresent(t -> attempts.addAll(closedAttempts(t, previous.get())));
        attempts.add(current);
        int from = Math.max(0, attempts.size() - MAX_ATTEMPTS);
        return new Trial(update, attempts.subList(from, attempts.size()));
    }

    private Rollback rollback(FallbackDetected f, Instant now) {
        String failed = f.failedSlot();
        Optional<PendingUpdate> update = f.pending().filter(p -> p.targetSlot().equals(failed));
        String id = ROLLBACK_ID.format(now) + "-" + failed;
        Optional<AssessmentState> prev = f.previous();
        if (prev.isEmpty() || !prev.get().slot().equals(failed)) {
            String reason = "slot " + failed + " never reached the supervisor: its kernel, initramfs or early boot"
                    + " failed, or it hung before the supervisor started";
            return new Rollback(id, failed, f.slot(), update, reason, List.of(), now);
        }
        AssessmentState p = prev.get();
        List<Attempt> attempts = trialOf(p).map(t -> closedAttempts(t, p)).orElse(List.of());
        String reason;
        if (p instanceof RebootingForFallback r) {
            reason = "slot " + failed + " failed its health checks: " + r.reason();
        } else if (p instanceof RunningChecks) {
            reason = "slot " + failed + " stopped while its health checks ran (a hang caught by the watchdog, a crash"
                    + " or a power cut)";
        } else if (p instanceof Committed || p instanceof Committing) {
            reason = "slot " + failed + " had been committed, then ran out of boot tries";
        } else {
            reason = "slot " + failed + " stopped during its assessment (" + p.name() + ")";
        }
        if (!attempts.isEmpty()) {
            reason += " (" + attempts.size() + (attempts.size() == 1 ? " boot" : " boots") + " reached the supervisor)";
        }
        return new Rollback(id, failed, f.slot(), update, reason, attempts, now);
    }

    private static Optional<Trial> trialOf(AssessmentState s) {
        if (s instanceof RunningChecks r) {
            return r.trial();
        }
        if (s instanceof Committing c) {
            return c.trial();
        }
        if (s instanceof RebootingForFallback r) {
            return Optional.of(r.trial());
        }
        return Optional.empty();
    }

    /** The trial's attempts with the last one given a failure if the boot ended before saying why. */
    private static List<Attempt> closedAttempts(Trial t, AssessmentState endedIn) {
        if (t.attempts().isEmpty()) {
            return List.of();
        }
        Attempt last = t.attempts().get(t.attempts().size() - 1);
        if (last.failure().isPresent()) {
            return t.attempts();
        }
        String why = endedIn instanceof RunningChecks
                ? "the boot stopped while its health checks ran"
                : "the boot stopped in state " + endedIn.name();
        return failLast(t, why).attempts();
    }

    private static Trial failLast(Trial t, String reason) {
        List<Attempt> attempts = new ArrayList<>(t.attempts());
        if (!attempts.isEmpty()) {
            Attempt last = attempts.remove(attempts.size() - 1);
            attempts.add(new Attempt(last.bootId(), last.startedAt(), Optional.of(reason)));
        }
        return new Trial(t.update(), attempts);
    }

    private static Optional<String> failure(Event e) {
        if (e instanceof Event.ChecksFailed f) {
            return Optional.of(f.reason());
        }
        if (e instanceof Event.DeadlinePassed d) {
            return Optional.of(d.reason());
        }
        return Optional.empty();
    }

    /** The previous boot's state without its own previous: one boot of history is all a decision needs. */
    private static AssessmentState withoutHistory(AssessmentState s) {
        if (s instanceof Assessing a) {
            return new Assessing(a.bootId(), a.slot(), a.at(), Optional.empty());
        }
        if (s instanceof FallbackDetected f) {
            return new FallbackDetected(f.bootId(), f.slot(), f.at(), f.failedSlot(), f.pending(), Optional.empty());
        }
        return s;
    }

    static String trialLogName(RunningChecks r) {
        int n = r.trial().map(t -> t.attempts().size()).orElse(1);
        String boot = r.bootId().length() > 8 ? r.bootId().substring(0, 8) : r.bootId();
        return "boot-" + n + "-" + boot.replaceAll("[^A-Za-z0-9-]", "_");
    }
}
