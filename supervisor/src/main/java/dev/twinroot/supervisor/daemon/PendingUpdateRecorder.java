package dev.twinroot.supervisor.daemon;

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
 * be written the install stops before the boot order changes. Every install goes through it:
 * {@code twinrootctl install}, the update agent, and the recovery at boot.
 */
public final class PendingUpdateRecorder implements InstallProgress {

    private final InstallProgress next;
    private final StateDir state;
    private final InstantSource clock;
    private final Optional<String> fromVersion;

    /** {@code fromVersion}: the version running while the update is installed, when it is known. */
    public PendingUpdateRecorder(InstallProgress next, StateDir state, InstantSource clock,
                                 Optional<String> fromVersion) {
        this.next = next;
        this.state = state;
        this.clock = clock;
        this.fromVersion = fromVersion;
    }

    @Override
    public void state(InstallState s) {
        if (s instanceof InstallState.Activating activating) {
            try {
                state.savePending(new PendingUpdate(activating.target().version().toString(), fromVersion,
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

    @Override
    public void note(String line) {
        next.note(line);
    }
}
