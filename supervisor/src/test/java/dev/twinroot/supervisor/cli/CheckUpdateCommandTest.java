package dev.twinroot.supervisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinroot.supervisor.api.ApiRoutes;
import dev.twinroot.supervisor.api.ApiServer;
import dev.twinroot.supervisor.api.ApiToken;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.daemon.Daemon;
import dev.twinroot.supervisor.daemon.TestDevice;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code twinrootctl check-update} against the real API server over its Unix socket. */
class CheckUpdateCommandTest {

    @TempDir
    Path dir;

    @Test
    void asksTheAgentToCheckOnceAndPrintsTheDaemonsAnswer() throws Exception {
        CtlRun r;
        TestDevice device = new TestDevice(dir, "true");
        Checks checks = new Checks();
        try (ApiServer server = ApiServer.start(Optional.empty(), Optional.of(device.socket),
                new ApiRoutes(checks, ApiToken.loadOrCreate(device.tokenFile)), Duration.ofSeconds(5), Clock.systemUTC())) {
            r = CtlRun.of("check-update", "--config", device.configFile.toString());
            assertEquals(0, r.exit(), r.err());
            assertEquals(1, checks.asked.get());
            assertEquals(Checks.ANSWER + "\n", r.out());
        }
    }

    @Test
    void aDaemonWithoutChannelOrNoDaemonIsAFailure() throws Exception {
        CtlRun r;
        TestDevice device = new TestDevice(dir, "true");
        String config = device.configFile.toString();
        r = CtlRun.of("check-update", "--config", config);
        assertEquals(1, r.exit(), r.err());
        assertEquals("twinrootctl check-update: the supervisor daemon is not running (no socket " + device.socket + ")\n",
                r.err());
        try (Daemon daemon = device.start()) {
            // Waited for so that no part of the daemon still writes into the directory when the test removes it.
            daemon.awaitAssessment(Duration.ofSeconds(30));
            r = CtlRun.of("check-update", "--config", config);
            assertEquals(1, r.exit(), r.err());
            assertEquals("twinrootctl check-update: the daemon answered 409: no update channel is configured"
                    + " (updates.channel in system.json)\n", r.err());
        }
        r = CtlRun.of("check-update", "now");
        assertEquals(2, r.exit(), r.err());
    }

    /** The daemon's side, counting the checks asked for. */
    static final class Checks extends UnansweredDevice {
        static final String ANSWER = "checking the channel now; see GET /v1/status for the result";
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public Wire.MessageResponse checkForUpdate() {
            asked.incrementAndGet();
            return new Wire.MessageResponse(ANSWER);
        }
    }
}
