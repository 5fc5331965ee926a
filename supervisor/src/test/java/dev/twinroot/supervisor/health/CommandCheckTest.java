package dev.twinroot.supervisor.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandCheckTest {

    static HealthCheck.Result run(String script, Duration timeout, Duration budget) throws InterruptedException {
        return new CommandCheck("app", List.of("/bin/sh", "-c", script), timeout).run(budget);
    }

    @Test
    void exitZeroIsHealthy() throws Exception {
        HealthCheck.Result r = run("echo starting; echo ready", Duration.ofSeconds(10), Duration.ofMinutes(5));
        assertTrue(r.healthy());
        assertEquals("ready", r.detail());
    }

    @Test
    void aFailureQuotesTheLastLineTheCommandPrinted() throws Exception {
        HealthCheck.Result r = run("echo checking; echo 'sensor bus: no reply' >&2; exit 3", Duration.ofSeconds(10),
                Duration.ofMinutes(5));
        assertFalse(r.healthy());
        assertEquals("exited with status 3: sensor bus: no reply", r.detail());
    }

    @Test
    void aCommandThatHangsIsKilledAtItsTimeoutWithItsChildren() throws Exception {
        long start = System.nanoTime();
        HealthCheck.Result r = run("sleep 30 & sleep 30; wait", Duration.ofMillis(300), Duration.ofMinutes(5));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertFalse(r.healthy());
        assertEquals("did not finish within 0.3 s: killed", r.detail());
        assertTrue(ms < 5000, "took " + ms + " ms");
    }

    @Test
    void theDeadlineShortensTheTimeout() throws Exception {
        HealthCheck.Result r = run("sleep 30", Duration.ofSeconds(30), Duration.ofMillis(200));
        assertEquals("did not finish within 0.2 s: killed", r.detail());
    }

    @Test
    void aMissingProgramIsUnhealthy() throws Exception {
        HealthCheck.Result r = new CommandCheck("x", List.of("/nonexistent/health"), Duration.ofSeconds(1))
                .run(Duration.ofSeconds(1));
        assertFalse(r.healthy());
        assertTrue(r.detail().startsWith("cannot run /nonexistent/health"), r.detail());
    }

    @Test
    void aFloodOfOutputKeepsOnlyItsTail() throws Exception {
        HealthCheck.Result r = run("i=0; while [ $i -lt 20000 ]; do echo line $i; i=$((i+1)); done; exit 1",
                Duration.ofSeconds(20), Duration.ofMinutes(1));
        assertEquals("exited with status 1: line 19999", r.detail());
    }
}
