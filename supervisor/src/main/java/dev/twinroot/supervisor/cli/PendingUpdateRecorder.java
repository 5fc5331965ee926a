package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.assessment.PendingUpdate;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.updater.install.InstallProgress;
import dev.twinroot.updater.install.InstallState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Writes the supervisor's {@code pending-update.json} when the installer is about to make the new slot
 * primary (the installer reports each state after journaling it and before acting on it). That record is
 * what makes the next boot of the slot a trial, with health checks, a deadline and a fallback. If it cannot
 * be written the install stops before the boot order changes.
 */
final class PendingUpdateRecorder implements InstallProgress {

    private final InstallProgress next;
    private final StateDir state;
    private final InstantSource clock;

    PendingUpdateRecorder(InstallProgress next, StateDir state, InstantSource clock) {
        this.next = next;
        this.state = state;
        this.clock = clock;
    }

    @Override
    public void state(InstallState s) {
        if (s instanceof InstallState.Activating activating) {
            try {
                state.savePending(new PendingUpdate(activating.target().version().toString(), Optional.empty(),
                        activating.target().slot().name(), clock.instant()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        next.state(s);
    }

    @Override
    public void bytes(String phase, long done, long total) {
        next.bytes(phase, done, total);
    }
}
