package dev.twinroot.supervisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.AtomicFiles;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.api.ApiToken;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.assessment.AssessmentState;
import dev.twinroot.supervisor.assessment.PendingUpdate;
import dev.twinroot.supervisor.assessment.Rollback;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.daemon.Daemon;
import dev.twinroot.supervisor.daemon.TestDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TwinrootCtlTest {

    @TempDir
    Path dir;

    @Test
    void exitCodes() {
        CtlRun help = CtlRun.of("--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("twinrootctl status --json"), "help shows an example");
        assertEquals(0, CtlRun.of("status", "--help").exit());
        assertEquals(2, CtlRun.of().exit());
        assertEquals(2, CtlRun.of("reboot-now").exit());
        assertEquals(2, CtlRun.of("status", "--no-such-option").exit());
        CtlRun missing = CtlRun.of("status", "--config", dir.resolve("missing.json").toString());
        assertEquals(1, missing.exit());
        assertEquals("twinrootctl status: " + dir.resolve("missing.json") + ": no such file\n", missing.err());
    }

    @Test
    void aRunOfOneSubcommandBuildsOnlyThatOneAndBehavesTheSame() {
        CommandLine all = TwinrootCtl.newCommandLine("--help");
        assertEquals(List.of("daemon", "status", "install", "check-update", "mark-good", "mark-bad", "rollback", "apps", "help"),
                List.copyOf(all.getSubcommands().keySet()));
        assertEquals(all.getSubcommands().keySet(), TwinrootCtl.newCommandLine("help", "status").getSubcommands().keySet());
        CommandLine one = TwinrootCtl.newCommandLine("status", "--help");
        assertEquals(List.of("status"), List.copyOf(one.getSubcommands().keySet()));
        StringWriter full = new StringWriter();
        all.getSubcommands().get("status").usage(new PrintWriter(full, true));
        StringWriter alone = new StringWriter();
        one.getSubcommands().get("status").usage(new PrintWriter(alone, true));
        assertEquals(full.toString(), alone.toString(), "the same usage, 'twinrootctl status' included");
        assertTrue(alone.toString().contains("twinrootctl status"), alone.toString());
        assertEquals(2, TwinrootCtl.newCommandLine("status", "--no-such-option").execute("status", "--no-such-option"));
    }

    @Test
    void aDaemonThatDoesNotAnswerGetsItsRecordsShownWithAWarning() throws Exception {
        TestDevice device = new TestDevice(dir, "true");
        ApiToken.loadOrCreate(device.tokenFile);
        java.nio.file.Files.createDirectories(device.socket.getParent());
        try (var silent = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            silent.bind(java.net.UnixDomainSocketAddress.of(device.socket));
            Wire.StatusResponse s = StatusCommand.read(device.config(), Duration.ofMillis(300));
            assertEquals(Wire.StatusResponse.FROM_RECORDS, s.source());
            assertTrue(s.warnings().get(0).startsWith("the daemon did not answer: " + device.socket + ": no answer within"),
                    s.warnings().toString());
            assertTrue(s.warnings().get(0).endsWith("; showing its records"), s.warnings().toString());
            assertTrue(StatusText.render(s, device.data.toString())
                    .contains("records in " + device.data + " (the daemon did not answer)"));
        }
    }

    @Test
    void theDaemonRefusesToRunOnASystemTheBootScriptDidNotBoot() throws Exception {
        CtlRun r;
        TestDevice device = new TestDevice(dir, "true");
        org.junit.jupiter.api.Assumptions.assumeFalse(
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cmdline")).contains("twinroot.slot="),
                "this test runs on a build host, not on a Twinroot device");
        r = CtlRun.of("daemon", "--config", device.configFile.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("twinrootctl daemon: kernel command line has no twinroot.slot="),
                r.err());
        assertEquals(1, r.err().lines().count(), "one line, no stack trace");
    }

    @Test
    void statusReadsTheRecordsWhenNoDaemonRuns() throws Exception {
        CtlRun r;
        TestDevice device = new TestDevice(dir, "true");
        StateDir state = new StateDir(device.data);
        Instant t = Instant.parse("2026-11-28T02:10:00Z");
        PendingUpdate update = new PendingUpdate("2.0.0", Optional.of("1.0.0"), "B", t);
        AssessmentState.Attempt failed = new AssessmentState.Attempt("b1", t, Optional.of("check 'app' failed: exit 3"));
        state.recordRollback(new Rollback("20261128T021000Z-B", "B", "A", Optional.of(update),
                "slot B failed its health checks: check 'app' failed: exit 3 (1 boot reached the supervisor)",
                List.of(failed), t));
        state.saveAssessment(new AssessmentState.Committed("b2", "A", t, AssessmentState.Kind.FALLBACK, Optional.empty()));
        AtomicFiles.write(state.pendingFile(), Json.bytes(new PendingUpdate("2.0.1", Optional.empty(), "B", t)));

        r = CtlRun.of("status", "--config", device.configFile.toString());
        assertEquals(0, r.exit(), r.err());
        String text = r.out();
        assertTrue(text.contains("source:         records in " + device.data + " (the daemon is not running)"), text);
        assertTrue(text.contains("version:        1.0.0"), text);
        assertTrue(text.contains("assessment:     committed (fallback) on slot A since 2026-11-28T02:10:00Z"), text);
        assertTrue(text.contains("pending update: 2.0.1 in slot B"), text);
        assertTrue(text.contains("last update:    rolled back: 2.0.0 (from 1.0.0) on slot B at 2026-11-28T02:10:00Z: slot B"
                + " failed its health checks"), text);
        assertTrue(text.contains("  2026-11-28T02:10:00Z  slot B (2.0.0): slot B failed its health checks"), text);
        assertTrue(text.contains("    logs of the failed boots: " + device.data + "/twinroot/rollbacks/20261128T021000Z-B/logs"),
                text);
        r = CtlRun.of("status", "--json", "--config", device.configFile.toString());
        assertEquals(0, r.exit(), r.err());
        Wire.StatusResponse s = Json.reader(Wire.StatusResponse.class).readValue(r.out());
        assertEquals("records", s.source());
        assertEquals("20261128T021000Z-B", s.rollbacks().get(0).id());
        assertEquals(Optional.empty(), s.primarySlot(), "only the daemon's boot control knows BOOT_ORDER");
    }

    @Test
    void statusAsksTheRunningDaemon() throws Exception {
        CtlRun r;
        TestDevice device = new TestDevice(dir, "true");
        // The installer's record as docs/config-updater.md shows it: the daemon serves it next to its own.
        java.nio.file.Files.writeString(device.data.resolve("status.json"), """
                {"format": 1, "lastInstall": {"source": "http://10.0.2.100/os-1.3.0.twb", "version": "1.3.0",
                 "slot": "B", "result": "failed", "message": "slot B read back: SHA-256 differs",
                 "at": "2026-11-28T03:00:00Z"}, "slots": {}}
                """);
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            r = CtlRun.of("status", "--json", "--config", device.configFile.toString());
            assertEquals(0, r.exit(), r.err());
            Wire.StatusResponse s = Json.reader(Wire.StatusResponse.class).readValue(r.out());
            assertEquals("daemon", s.source());
            assertEquals(Optional.of("A"), s.primarySlot());
            assertEquals(new Wire.InstallView("http://10.0.2.100/os-1.3.0.twb", "1.3.0", "B", "failed",
                    Optional.of("slot B read back: SHA-256 differs"), Instant.parse("2026-11-28T03:00:00Z")),
                    s.lastInstall().orElseThrow());
            r = CtlRun.of("status", "--config", device.configFile.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("last install:   failed: 1.3.0 into slot B at 2026-11-28T03:00:00Z from"
                    + " http://10.0.2.100/os-1.3.0.twb: slot B read back: SHA-256 differs\n"), r.out());
        }
    }
}
