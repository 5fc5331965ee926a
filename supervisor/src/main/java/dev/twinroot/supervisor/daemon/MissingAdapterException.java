package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.SupervisorException;
import java.util.List;

/** The daemon cannot run on this build: a boundary it needs has no adapter yet. */
public final class MissingAdapterException extends SupervisorException {
    private static final long serialVersionUID = 1L;

    public MissingAdapterException(List<String> missing) {
        super("cannot start the daemon, this build has no adapter for: " + String.join("; ", missing));
    }
}
