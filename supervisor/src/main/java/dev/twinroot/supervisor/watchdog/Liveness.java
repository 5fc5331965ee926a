package dev.twinroot.supervisor.watchdog;

import java.time.Instant;
import java.util.Optional;

/** One part of the supervisor that can hang; the watchdog loop asks each one before petting. */
public interface Liveness {

    String name();

    /** Why this part looks hung at {@code now}, or empty when it is alive. */
    Optional<String> problem(Instant now);
}
