package dev.twinroot.supervisor.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to poll the channel next. After a success: the poll interval. After failures: an exponential backoff
 * from {@code firstRetry}, doubling each time, never longer than the interval. Every delay is spread by up to
 * {@code jitter} either way, so a fleet that lost its server together does not come back together; the first
 * poll after boot waits a random part of {@link #FIRST_POLL_SPREAD} for the same reason.
 *
 * <p>Not thread-safe: owned by the update agent's one thread.
 */
public final class PollSchedule {

    static final Duration FIRST_POLL_SPREAD = Duration.ofMinutes(1);

    private final Duration interval;
    private final Duration firstRetry;
    private final double jitter;
    private final RandomGenerator random;
    private int failures;

    public PollSchedule(Duration interval, Duration firstRetry, double jitter, RandomGenerator random) {
        if (interval.isNegative() || interval.isZero() || firstRetry.isNegative() || firstRetry.isZero()) {
            throw new IllegalArgumentException("poll interval and first retry must be positive");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), found " + jitter);
        }
        this.interval = interval;
        this.firstRetry = firstRetry.compareTo(interval) > 0 ? interval : firstRetry;
        this.jitter = jitter;
        this.random = random;
    }

    public Instant first(Instant now) {
        Duration spread = FIRST_POLL_SPREAD.compareTo(interval) < 0 ? FIRST_POLL_SPREAD : interval;
        return now.plusMillis((long) (random.nextDouble() * spread.toMillis()));
    }

    public Instant afterSuccess(Instant now) {
        failures = 0;
        return now.plus(spread(interval));
    }

    public Instant afterFailure(Instant now) {
        failures = Math.min(failures + 1, 62);
        return now.plus(spread(backoff()));
    }

    public int failures() {
        return failures;
    }

    /** The delay before jitter after {@link #failures} failures in a row. */
    Duration backoff() {
        long ms = firstRetry.toMillis();
        for (int i = 1; i < failures && ms < interval.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, interval.toMillis()));
    }

    private Duration spread(Duration d) {
        double factor = 1 - jitter + 2 * jitter * random.nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
    }
}
