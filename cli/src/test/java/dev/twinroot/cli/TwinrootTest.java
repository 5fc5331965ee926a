package dev.twinroot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TwinrootTest {

    @Test
    void helpExitsZero() {
        assertEquals(0, Twinroot.execute("--help"));
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertEquals(2, Twinroot.execute("no-such-command"));
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertEquals(2, Twinroot.execute());
    }

    @Test
    void userErrorsAreOneLineWithoutStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Failing(new IOException("disk.img: GPT header CRC32 mismatch:\nexpected 1, found 2")));
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setErr(new PrintWriter(err, true));
        assertEquals(1, cl.execute());
        assertEquals("failing: disk.img: GPT header CRC32 mismatch: expected 1, found 2" + System.lineSeparator(), err.toString());
    }

    @Test
    void bugsAreReportedAsInternalErrors() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Failing(new IllegalStateException("boom")));
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setErr(new PrintWriter(err, true));
        assertEquals(1, cl.execute());
        assertTrue(err.toString().startsWith("failing: internal error (a bug in twinroot): boom"), err.toString());
    }

    @CommandLine.Command(name = "failing")
    static final class Failing implements java.util.concurrent.Callable<Integer> {
        private final Exception toThrow;

        Failing(Exception toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public Integer call() throws Exception {
            throw toThrow;
        }
    }
}
