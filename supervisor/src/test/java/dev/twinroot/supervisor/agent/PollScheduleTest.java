package dev.twinroot.supervisor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

    static final Duration HOUR = Duration.ofHours(1);
    final FakeClock clock = FakeClock.at("2026-11-28T02:00:00Z");

    @Test
    void backsOffExponentiallyUpToTheIntervalAndResetsAfterASuccess() {
        PollSchedule s = new PollSchedule(HOUR, Duration.ofSeconds(30), 0, new Random(1));
        long[] expected = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600};
        for (long seconds : expected) {
            Instant next = s.afterFailure(clock.instant());
            assertEquals(Duration.ofSeconds(seconds), Duration.between(clock.instant(), next));
            clock.set(next);
        }
        Instant next = s.afterSuccess(clock.instant());
        assertEquals(HOUR, Duration.between(clock.instant(), next));
        assertEquals(0, s.failures());
        assertEquals(Duration.ofSeconds(30), Duration.between(clock.instant(), s.afterFailure(clock.instant())));
    }

    @Test
    void jitterStaysWithinItsBoundsAndSpreadsTheFleet() {
        Random random = new Random(20261128);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            PollSchedule s = new PollSchedule(HOUR, Duration.ofSeconds(30), 0.1, random);
            int failures = random.nextInt(12);
            Instant next = clock.instant();
            for (int f = 0; f < failures; f++) {
                next = s.afterFailure(clock.instant());
            }
            if (failures == 0) {
                next = s.afterSuccess(clock.instant());
            }
            long delay = Duration.between(clock.instant(), next).toMillis();
            long base = failures == 0 ? HOUR.toMillis() : s.backoff().toMillis();
            assertTrue(delay >= base * 0.9 - 1 && delay <= base * 1.1 + 1, delay + " vs " + base);
            if (failures == 0) {
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
        }
        assertTrue(max - min > HOUR.toMillis() / 10, "jitter spreads the polls: " + min + ".." + max);
    }

    @Test
    void theFirstPollAfterBootIsWithinAMinute() {
        Random random = new Random(3);
        for (int i = 0; i < 1000; i++) {
            Instant first = new PollSchedule(HOUR, Duration.ofSeconds(30), 0.1, random).first(clock.instant());
            Duration d = Duration.between(clock.instant(), first);
            assertTrue(!d.isNegative() && d.compareTo(PollSchedule.FIRST_POLL_SPREAD) <= 0, d.toString());
        }
    }
}
