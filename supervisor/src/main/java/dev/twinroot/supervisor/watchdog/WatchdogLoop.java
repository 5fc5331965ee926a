package dev.twinroot.supervisor.watchdog;

import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * One iteration of the supervisor's main loop, as far as the watchdog is concerned: ask every component
 * whether it is alive and pet the watchdog only if all are. A component that hangs stops the petting, and so
 * does a main loop that hangs (it no longer calls {@link #iterate}): either way the hardware resets the board.
 *
 * <p>Owned by the main loop's thread.
 */
public final class WatchdogLoop {

    private static final Logger LOG = Logger.getLogger(WatchdogLoop.class.getName());

    private final List<Liveness> components;
    private final WatchdogPet watchdog;
    private final InstantSource clock;
    private List<String> lastProblems = List.of();

    public WatchdogLoop(List<Liveness> components, WatchdogPet watchdog, InstantSource clock) {
        this.components = List.copyOf(components);
        this.watchdog = watchdog;
        this.clock = clock;
    }

    /** Pets if every component is alive; returns the problems that stopped it (empty when it petted). */
    public List<String> iterate() throws IOException {
        List<String> problems = problems(components, clock);
        if (problems.isEmpty()) {
            watchdog.pet();
            if (!lastProblems.isEmpty()) {
                LOG.info("all components alive again: petting the watchdog");
            }
        } else if (!problems.equals(lastProblems)) {
            LOG.severe("not petting the watchdog: " + String.join("; ", problems));
        }
        lastProblems = problems;
        return problems;
    }

    public static List<String> problems(List<Liveness> components, InstantSource clock) {
        List<String> problems = new ArrayList<>();
        java.time.Instant now = clock.instant();
        for (Liveness c : components) {
            c.problem(now).ifPresent(problems::add);
        }
        return List.copyOf(problems);
    }
}
