package dev.twinroot.supervisor.assessment;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A copy of the supervisor's log for the boot of a slot on trial, written to the data partition so that, if
 * the trial fails, the next boot can keep it next to the rollback record.
 */
public interface TrialLog {

    /** From now on, also log to {@code file}. Opening the file already open does nothing. */
    void open(Path file) throws IOException;

    /** Stops writing to the trial log file, if one is open. */
    void close();
}
