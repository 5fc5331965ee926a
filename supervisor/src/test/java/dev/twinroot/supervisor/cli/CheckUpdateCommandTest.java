package dev.twinroot.supervisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinroot.supervisor.api.ApiRoutes;
import dev.twinroot.supervisor.api.ApiServer;
import dev.twinroot.supervisor.api.ApiToken;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.daemon.Daemon;
import dev.twinroot.supervisor.daemon.TestDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code twinrootctl check-update} against the real API server over its Unix socket. */
class CheckUpdateCommandTest {

    @TempDir
    Path dir;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = TwinrootCtl.newCommandLine(args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void asksTheAgentToCheckOnceAndPrintsTheDaemonsAnswer() throws Exception {
        TestDevice device = new TestDevice(dir, "true");
        Checks checks = new Checks();
        try (ApiServer server = ApiServer.start(Optional.empty(), Optional.of(device.socket),
                new ApiRoutes(checks, ApiToken.loadOrCreate(device.tokenFile)), Duration.ofSeconds(5), Clock.systemUTC())) {
            assertEquals(0, run("check-update", "--config", device.configFile.toString()), err.toString());
            assertEquals(1, checks.asked.get());
            assertEquals(Checks.ANSWER + "\n", out.toString());
        }
    }

    @Test
    void aDaemonWithoutChannelOrNoDaemonIsAFailure() throws Exception {
        TestDevice device = new TestDevice(dir, "true");
        String config = device.configFile.toString();
        assertEquals(1, run("check-update", "--config", config));
        assertEquals("twinrootctl check-update: the supervisor daemon is not running (no socket " + device.socket + ")\n",
                err.toString());
        try (Daemon daemon = device.start()) {
            // Waited for so that no part of the daemon still writes into the directory when the test removes it.
            daemon.awaitAssessment(Duration.ofSeconds(30));
            assertEquals(1, run("check-update", "--config", config));
            assertEquals("twinrootctl check-update: the daemon answered 409: no update channel is configured"
                    + " (updates.channel in system.json)\n", err.toString());
        }
        assertEquals(2, run("check-update", "now"));
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
