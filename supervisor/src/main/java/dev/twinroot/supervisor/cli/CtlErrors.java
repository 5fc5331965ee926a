package dev.twinroot.supervisor.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns an exception from a subcommand into one line on stderr and exit 1. Every IOException is something a
 * user or the device can cause (a bad config, a missing adapter, a daemon that refused), so it never shows a
 * stack trace; anything else is a bug and says so, with the trace when TWINROOT_DEBUG is set.
 */
final class CtlErrors implements CommandLine.IExecutionExceptionHandler {

    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String prefix = cmd.getCommandSpec().qualifiedName();
        if (cause instanceof IOException) {
            cmd.getErr().println(prefix + ": " + oneLine(cause));
        } else {
            cmd.getErr().println(prefix + ": internal error (a bug in twinrootctl): " + oneLine(cause));
        }
        if (System.getenv("TWINROOT_DEBUG") != null) {
            cause.printStackTrace(cmd.getErr());
        }
        return FAILURE;
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return m.replace('\n', ' ').strip();
    }
}
