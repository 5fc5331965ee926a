package dev.twinroot.supervisor.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The device command {@code twinrootctl}. Minimal on this branch: it registers the updater's commands; the
 * daemon and status commands join it when the supervisor lands. Exit codes: 0 ok, 1 failure, 2 usage.
 */
@Command(
        name = "twinrootctl",
        mixinStandardHelpOptions = true,
        description = "Install updates and mark slots on a Twinroot device.",
        subcommands = {
            InstallCommand.class,
            MarkGoodCommand.class,
            MarkBadCommand.class,
            RollbackCommand.class,
            CommandLine.HelpCommand.class,
        },
        footer = {"", "Example:", "  twinrootctl install https://updates.example.com/os-1.3.0.twb"})
public final class TwinrootCtl implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting: tests call this. */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new TwinrootCtl());
        cl.setExecutionExceptionHandler(TwinrootCtl::userError);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** A user can cause every IOException (missing config, bad bundle): one line, exit 1, no stack trace. */
    private static int userError(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String prefix = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(prefix + ": " + (cause instanceof IOException ? "" : "internal error: ")
                + m.replace('\n', ' ').strip());
        if (System.getenv("TWINROOT_DEBUG") != null) {
            cause.printStackTrace(cmd.getErr());
        }
        return 1;
    }
}
