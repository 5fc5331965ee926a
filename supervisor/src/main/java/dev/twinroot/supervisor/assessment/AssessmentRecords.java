package dev.twinroot.supervisor.assessment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The assessment's records on the data partition ({@link StateDir} is the real one). Every write is atomic and
 * every method may be called again after a crash with the same arguments.
 */
public interface AssessmentRecords {

    Optional<AssessmentState> loadAssessment() throws IOException;

    void saveAssessment(AssessmentState state) throws IOException;

    /** Moves an unreadable assessment record aside, so the next read starts afresh instead of failing forever. */
    void setAsideAssessment() throws IOException;

    Optional<PendingUpdate> loadPending() throws IOException;

    /** Where this boot's trial log goes. */
    Path trialLog(String name);

    void recordSuccess(AssessmentState.Trial trial, String slot, java.time.Instant at) throws IOException;

    void recordRollback(Rollback rollback) throws IOException;

    void discardTrialLogs() throws IOException;
}
