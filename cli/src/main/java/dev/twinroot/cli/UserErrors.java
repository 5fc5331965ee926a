package dev.twinroot.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns an exception from a subcommand into one line on stderr and exit code 1. A user can cause every
 * {@link IOException} (a missing file, a corrupt table, a bad signature), so those never show a stack trace;
 * anything else is a bug in twinroot, and says so, with the trace only when TWINROOT_DEBUG is set.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {

    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String prefix = cmd.getCommandSpec().qualifiedName();
        if (cause instanceof IOException) {
            cmd.getErr().println(prefix + ": " + oneLine(cause));
        } else {
            cmd.getErr().println(prefix + ": internal error (a bug in twinroot): " + oneLine(cause));
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
