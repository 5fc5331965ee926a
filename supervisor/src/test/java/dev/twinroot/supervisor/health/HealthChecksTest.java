package dev.twinroot.supervisor.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.twinroot.supervisor.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

    final FakeClock uptime = new FakeClock(Instant.EPOCH);
    final List<Duration> budgets = new ArrayList<>();

    HealthCheck check(String name, boolean healthy, Duration takes) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Result run(Duration budget) {
                budgets.add(budget);
                uptime.advance(takes);
                return healthy ? Result.healthy("fine") : Result.unhealthy("broken");
            }
        };
    }

    @Test
    void eachCheckGetsWhatIsLeftOfTheDeadline() throws InterruptedException {
        HealthChecks checks = new HealthChecks(List.of(check("a", true, Duration.ofSeconds(100)),
                check("b", true, Duration.ofSeconds(10))), uptime);
        HealthReport r = checks.run(Instant.EPOCH.plusSeconds(300));
        assertEquals(new HealthReport.Passed(List.of("a: fine", "b: fine")), r);
        assertEquals(List.of(Duration.ofSeconds(300), Duration.ofSeconds(200)), budgets);
    }

    @Test
    void theFirstFailureEndsTheRun() throws InterruptedException {
        HealthChecks checks = new HealthChecks(List.of(check("a", false, Duration.ZERO), check("b", true, Duration.ZERO)),
                uptime);
        assertEquals(new HealthReport.Failed("a", "check 'a' failed: broken"), checks.run(Instant.EPOCH.plusSeconds(1)));
        assertEquals(1, budgets.size());
    }

    @Test
    void aDeadlineAlreadyPastRunsNothing() throws InterruptedException {
        uptime.advance(Duration.ofSeconds(301));
        HealthReport r = new HealthChecks(List.of(check("a", true, Duration.ZERO)), uptime)
                .run(Instant.EPOCH.plusSeconds(300));
        assertInstanceOf(HealthReport.DeadlinePassed.class, r);
        assertEquals(List.of(), budgets);
    }

    @Test
    void aCheckThatThrowsIsAFailedCheck() throws InterruptedException {
        HealthCheck broken = new HealthCheck() {
            @Override
            public String name() {
                return "app";
            }

            @Override
            public Result run(Duration budget) {
                throw new IllegalStateException("bug");
            }
        };
        HealthReport r = new HealthChecks(List.of(broken), uptime).run(Instant.EPOCH.plusSeconds(5));
        assertEquals(new HealthReport.Failed("app", "check 'app' failed: the check itself failed: "
                + "java.lang.IllegalStateException: bug"), r);
    }
}
