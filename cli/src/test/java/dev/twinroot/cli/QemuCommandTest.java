package dev.twinroot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.Scenarios;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QemuCommandTest {

    /** Exit code, stdout and stderr of one command line. */
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Twinroot.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpShowsBothSubcommandsAndAnExample() {
        Run r = run("qemu", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("run") && r.out().contains("test") && r.out().contains("twinroot qemu run disk.img"), r.out());
        assertEquals(2, run("qemu").exit());
    }

    @Test
    void listShowsTheRegisteredScenarios() throws Exception {
        Run r = run("qemu", "test", "--list");
        assertEquals(0, r.exit());
        assertTrue(r.out().matches("(?s)\\[uboot-console\\] +harness self-test: .*"), r.out());
        for (Scenario s : Scenarios.all()) {
            assertTrue(r.out().contains("[" + s.id() + "] "), s.id() + " missing from:\n" + r.out());
        }
        JsonNode json = new ObjectMapper().readTree(run("qemu", "test", "--list", "--json").out());
        assertEquals("uboot-console", json.get(0).get("id").asText());
        assertEquals(2, run("qemu", "test", "--json").exit(), "--json alone is a usage error");
    }

    @Test
    void anUnknownScenarioIsAOneLineUserError() {
        Run r = run("qemu", "test", "[no-such-scenario]");
        assertEquals(1, r.exit());
        assertEquals("twinroot qemu test: no scenario [no-such-scenario]; known: " + String.join(", ",
                Scenarios.all().stream().map(Scenario::id).toList()) + System.lineSeparator(), r.err());
    }

    @Test
    void runRejectsAMissingImageAndABadPort() {
        Run missing = run("qemu", "run", "no-such.img");
        assertEquals(1, missing.exit());
        assertEquals("twinroot qemu run: disk image no-such.img does not exist" + System.lineSeparator(), missing.err());
        Run port = run("qemu", "run", "--http-port", "70000", "x.img");
        assertEquals(2, port.exit());
        assertTrue(port.err().contains("HTTP port must be 1..65535, found 70000"), port.err());
        assertEquals(2, run("qemu", "test", "--jobs", "0").exit());
        Run delay = run("qemu", "run", "--uefi", "--boot-delay", "0", "x.img");
        assertEquals(2, delay.exit());
        assertTrue(delay.err().contains("a boot delay is a U-Boot setting of 0..60 s, found 0 s with UEFI"), delay.err());
    }

    @Tag("qemu")
    @Test
    void testRunsTheSelfTestAndEndsWithTheSummaryLine() {
        Path logs = Path.of("target", "qemu-logs", "cli");
        Run r = run("qemu", "test", "[uboot-console]", "--logs", logs.toString(), "--seed", "7");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("[uboot-console]  passed      4"), r.out());
        assertTrue(r.out().endsWith("1 passed, 0 failed" + System.lineSeparator()), r.out());
    }
}
