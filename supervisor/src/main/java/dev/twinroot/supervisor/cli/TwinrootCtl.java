package dev.twinroot.supervisor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code twinrootctl}, the command on the device: runs the supervisor daemon, installs updates, marks slots, and asks it (or, when it is not
 * running, the records it keeps on the data partition) how the device stands. One class per subcommand;
 * exit codes: 0 ok, 1 failure, 2 usage.
 */
@Command(
        name = "twinrootctl",
        mixinStandardHelpOptions = true,
        versionProvider = TwinrootCtl.Version.class,
        description = "Run and query the Twinroot supervisor on an A/B-updated device.",
        subcommands = {
            DaemonCommand.class,
            StatusCommand.class,
            InstallCommand.class,
            MarkGoodCommand.class,
            MarkBadCommand.class,
            RollbackCommand.class,
            AppsCommand.class,
            CommandLine.HelpCommand.class,
        },
        footer = {"", "Examples:", "  twinrootctl status", "  twinrootctl status --json --config /etc/twinroot/system.json",
                  "  twinrootctl install http://10.0.2.100/update.bundle"})
public final class TwinrootCtl implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code without exiting: tests call this. */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new TwinrootCtl());
        cl.setExecutionExceptionHandler(new CtlErrors());
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TwinrootCtl.class.getPackage().getImplementationVersion();
            return new String[] {"twinrootctl " + (v == null ? "(development build)" : v)};
        }
    }
}
