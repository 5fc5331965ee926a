package dev.twinroot.supervisor.health;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the checks in order until one fails or the deadline passes. All must pass, each within what is left of
 * the deadline; a check that passes after the deadline does not count, since the decision is already due.
 */
public final class HealthChecks {

    private final List<HealthCheck> checks;
    private final InstantSource bootClock;

    public HealthChecks(List<HealthCheck> checks, InstantSource bootClock) {
        this.checks = List.copyOf(checks);
        this.bootClock = bootClock;
    }

    public List<String> names() {
        return checks.stream().map(HealthCheck::name).toList();
    }

    public HealthReport run(Instant deadline) throws InterruptedException {
        List<String> details = new ArrayList<>();
        for (HealthCheck check : checks) {
            Duration left = Duration.between(bootClock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return new HealthReport.DeadlinePassed("the health deadline passed before check '" + check.name()
                        + "' ran");
            }
            HealthCheck.Result result;
            try {
                result = check.run(left);
            } catch (RuntimeException e) {
                // A broken check is a failed check, never a crashed supervisor.
                result = HealthCheck.Result.unhealthy("the check itself failed: " + e);
            }
            if (bootClock.instant().isAfter(deadline)) {
                return new HealthReport.DeadlinePassed("the health deadline passed while check '" + check.name()
                        + "' ran");
            }
            if (!result.healthy()) {
                return new HealthReport.Failed(check.name(), "check '" + check.name() + "' failed: " + result.detail());
            }
            details.add(check.name() + ": " + result.detail());
        }
        return new HealthReport.Passed(List.copyOf(details));
    }
}
