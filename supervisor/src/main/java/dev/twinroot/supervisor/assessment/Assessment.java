package dev.twinroot.supervisor.assessment;

import dev.twinroot.supervisor.RecordException;
import dev.twinroot.supervisor.health.HealthChecks;
import dev.twinroot.supervisor.health.HealthReport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the assessment of this boot: persists each state before acting on it, performs its actions, and feeds
 * the outcome to {@link AssessmentMachine}. Running it again in the same boot (after the supervisor crashed)
 * resumes from the persisted state.
 */
public final class Assessment {

    private static final Logger LOG = Logger.getLogger(Assessment.class.getName());

    private final AssessmentMachine machine;
    private final AssessmentRecords records;
    private final BootChooser boot;
    private final HealthChecks checks;
    private final TrialLog trialLog;
    private final Reboots reboots;
    private final RollbackFloor floor;
    private final Optional<LastInstall> lastInstall;
    private final InstantSource wallClock;
    private final InstantSource bootClock;
    private final String bootId;

    public Assessment(AssessmentMachine machine, AssessmentRecords records, BootChooser boot, HealthChecks checks,
                      TrialLog trialLog, Reboots reboots, RollbackFloor floor, Optional<LastInstall> lastInstall,
                      InstantSource wallClock, InstantSource bootClock, String bootId) {
        this.machine = machine;
        this.records = records;
        this.boot = boot;
        this.checks = checks;
        this.trialLog = trialLog;
        this.reboots = reboots;
        this.floor = floor;
        this.lastInstall = lastInstall;
        this.wallClock = wallClock;
        this.bootClock = bootClock;
        this.bootId = bootId;
    }

    /** Runs to a final state and returns it. */
    public AssessmentState run() throws IOException {
        String booted = boot.bootedSlot();
        BootStatus status = new BootStatus(booted, boot.primarySlot(), boot.isCommitted(booted), loadPending());
        AssessmentState state = machine.start(bootId, status.bootedSlot(), loadPrevious(), wallClock.instant());
        LOG.info(() -> "assessing boot " + bootId + " of slot " + status.bootedSlot() + " (BOOT_ORDER starts with "
                + status.primarySlot() + (status.bootedSlotCommitted() ? ", committed" : ", on trial") + ")");
        while (true) {
            records.saveAssessment(state);
            AssessmentState current = state;
            LOG.info(() -> "assessment: " + current.name());
            Event event = act(state);
            if (AssessmentMachine.isFinal(state)) {
                return state;
            }
            state = machine.next(state, event, status, wallClock.instant(), bootClock.instant());
        }
    }

    private Optional<PendingUpdate> loadPending() throws IOException {
        try {
            return records.loadPending();
        } catch (RecordException e) {
            LOG.log(Level.WARNING, "the pending-update record is unreadable; assessing without it: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<AssessmentState> loadPrevious() throws IOException {
        try {
            return records.loadAssessment();
        } catch (RecordException e) {
            LOG.log(Level.WARNING, "the assessment record is unreadable; starting afresh: " + e.getMessage());
            records.setAsideAssessment();
            return Optional.empty();
        }
    }

    private Event act(AssessmentState state) throws IOException {
        Event event = new Event.Proceed();
        for (Action action : AssessmentMachine.actionsOf(state)) {
            if (action instanceof Action.OpenTrialLog a) {
                trialLog.open(records.trialLog(a.name()));
            } else if (action instanceof Action.RunHealthChecks a) {
                event = runChecks(a);
            } else if (action instanceof Action.MarkGood a) {
                boot.markGood(a.slot());
                LOG.info(() -> "slot " + a.slot() + " marked good");
            } else if (action instanceof Action.PutFirst a) {
                boot.putFirst(a.slot());
                LOG.info(() -> "slot " + a.slot() + " put first in BOOT_ORDER");
            } else if (action instanceof Action.RaiseRollbackFloor a) {
                raiseFloor(a.version());
            } else if (action instanceof Action.RecordSuccess a) {
                records.recordSuccess(a.trial(), a.slot(), a.at());
                LOG.info(() -> "update " + a.trial().update().map(PendingUpdate::version).orElse("(unrecorded)")
                        + " committed on slot " + a.slot());
                tellLastInstall(i -> i.trialCommitted(a.slot()));
            } else if (action instanceof Action.RecordRollback a) {
                records.recordRollback(a.rollback());
                LOG.warning(() -> "rollback recorded: " + a.rollback().reason());
                tellLastInstall(i -> i.trialRolledBack(a.rollback().failedSlot(), a.rollback().reason()));
            } else if (action instanceof Action.DiscardTrialLogs) {
                trialLog.close();
                records.discardTrialLogs();
            } else if (action instanceof Action.RequestReboot a) {
                LOG.severe(() -> "rebooting without committing: " + a.reason());
                trialLog.close();
                reboots.reboot(a.reason());
            }
        }
        return event;
    }

    /**
     * A floor that cannot be raised is logged, not allowed to undo the commit: the slot is already marked good,
     * and failing here would reset the device into the same failure at every boot. The installer refuses every
     * bundle while the floor record is unreadable, so a damaged floor cannot be used to roll back.
     */
    private void raiseFloor(String version) {
        try {
            floor.raise(version);
            LOG.info(() -> "anti-rollback floor is now at least " + version);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot raise the anti-rollback floor to " + version + ": " + e.getMessage());
        }
    }

    private interface Tell {
        void to(LastInstall lastInstall) throws IOException;
    }

    /**
     * Like the floor, the installer's record is told after the fact and may not undo it: the supervisor's own
     * records (last-update.json, the rollback) already say how the update ended.
     */
    private void tellLastInstall(Tell tell) {
        if (lastInstall.isEmpty()) {
            return;
        }
        try {
            tell.to(lastInstall.get());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot record the end of the trial in the installer's record: " + e.getMessage());
        }
    }

    private Event runChecks(Action.RunHealthChecks a) throws IOException {
        HealthReport report;
        try {
            report = checks.run(a.deadline());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the health checks ran");
        }
        if (report instanceof HealthReport.Passed p) {
            p.details().forEach(d -> LOG.info(() -> "healthy: " + d));
            return new Event.ChecksPassed();
        }
        if (report instanceof HealthReport.Failed f) {
            LOG.warning(f::reason);
            return new Event.ChecksFailed(f.reason());
        }
        HealthReport.DeadlinePassed d = (HealthReport.DeadlinePassed) report;
        LOG.warning(d::reason);
        return new Event.DeadlinePassed(d.reason());
    }
}
