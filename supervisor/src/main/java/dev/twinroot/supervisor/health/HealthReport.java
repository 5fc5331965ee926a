package dev.twinroot.supervisor.health;

import java.util.List;

/** The outcome of one run of all health checks. */
public sealed interface HealthReport {

    record Passed(List<String> details) implements HealthReport {
    }

    record Failed(String check, String reason) implements HealthReport {
    }

    record DeadlinePassed(String reason) implements HealthReport {
    }
}
