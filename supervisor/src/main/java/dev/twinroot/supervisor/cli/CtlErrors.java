package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.ErrorLine;
import java.io.IOException;
import java.io.PrintWriter;
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
        return report(ex, cmd.getCommandSpec().qualifiedName(), cmd.getErr());
    }

    /** Prints {@code ex} as one line after {@code prefix} (e.g. {@code twinrootctl status}) and returns exit 1. */
    static int report(Exception ex, String prefix, PrintWriter err) {
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (cause instanceof IOException) {
            err.println(prefix + ": " + ErrorLine.of(cause));
        } else {
            err.println(prefix + ": internal error (a bug in twinrootctl): " + ErrorLine.of(cause));
        }
        if (System.getenv("TWINROOT_DEBUG") != null) {
            cause.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }
}
