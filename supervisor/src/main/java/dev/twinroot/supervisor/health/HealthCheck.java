package dev.twinroot.supervisor.health;

import java.time.Duration;

/**
 * One thing that must be true before a boot is committed. The supervisor's own checks, the device maker's
 * commands, and later the applications' health each implement this.
 */
public interface HealthCheck {

    /** A short name used in reasons and logs, e.g. {@code data-partition}. */
    String name();

    /**
     * Runs the check, taking at most {@code budget} (the time left before the deadline). A check that cannot
     * finish in time returns a failure rather than overrunning.
     */
    Result run(Duration budget) throws InterruptedException;

    record Result(boolean healthy, String detail) {

        public static Result healthy(String detail) {
            return new Result(true, detail);
        }

        public static Result unhealthy(String detail) {
            return new Result(false, detail);
        }
    }
}
