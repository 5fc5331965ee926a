package dev.twinroot.supervisor.health;

import dev.twinroot.supervisor.watchdog.Liveness;
import dev.twinroot.supervisor.watchdog.WatchdogLoop;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * The supervisor itself started: every component it runs (API listeners, update agent, main loop) is alive.
 * The same liveness the watchdog loop uses, so a boot is never committed by a supervisor that is half up.
 */
public final class SupervisorCheck implements HealthCheck {

    private final List<Liveness> components;
    private final InstantSource clock;

    public SupervisorCheck(List<Liveness> components, InstantSource clock) {
        this.components = List.copyOf(components);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "supervisor";
    }

    @Override
    public Result run(Duration budget) {
        List<String> problems = WatchdogLoop.problems(components, clock);
        if (!problems.isEmpty()) {
            return Result.unhealthy(String.join("; ", problems));
        }
        return Result.healthy(components.size() + " components alive: "
                + String.join(", ", components.stream().map(Liveness::name).toList()));
    }
}
