package dev.twinroot.supervisor.assessment;

import java.io.IOException;

/**
 * The installer's record of its last install (the updater's {@code status.json} in the daemon's wiring). The
 * installer leaves it at {@code reboot-pending}: only the assessment learns how the trial boot of the installed
 * slot ends, and tells it here, so status shows that install committed or rolled back. Both calls must leave any
 * other install alone and be harmless when repeated: a restarted supervisor repeats its records.
 */
public interface LastInstall {

    /** The trial boot of {@code slot} passed and the slot is marked good. */
    void trialCommitted(String slot) throws IOException;

    /** The trial of {@code slot} failed and the device fell back, for {@code reason}. */
    void trialRolledBack(String slot, String reason) throws IOException;
}
