package dev.twinroot.supervisor.assessment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Passes every call to real records; tests override the calls they interrupt. */
class ForwardingRecords implements AssessmentRecords {

    private final AssessmentRecords delegate;

    ForwardingRecords(AssessmentRecords delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<AssessmentState> loadAssessment() throws IOException {
        return delegate.loadAssessment();
    }

    @Override
    public void saveAssessment(AssessmentState state) throws IOException {
        delegate.saveAssessment(state);
    }

    @Override
    public void setAsideAssessment() throws IOException {
        delegate.setAsideAssessment();
    }

    @Override
    public Optional<PendingUpdate> loadPending() throws IOException {
        return delegate.loadPending();
    }

    @Override
    public Path trialLog(String name) {
        return delegate.trialLog(name);
    }

    @Override
    public void recordSuccess(AssessmentState.Trial trial, String slot, Instant at) throws IOException {
        delegate.recordSuccess(trial, slot, at);
    }

    @Override
    public void recordRollback(Rollback rollback) throws IOException {
        delegate.recordRollback(rollback);
    }

    @Override
    public void discardTrialLogs() throws IOException {
        delegate.discardTrialLogs();
    }
}
