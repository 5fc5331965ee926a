package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.log.Logs;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
        footer = {"", "Examples:", "  twinrootctl status", "  twinrootctl status --json --config /etc/twinroot/system.json",
                  "  twinrootctl install http://10.0.2.100/update.bundle"})
public final class TwinrootCtl implements Runnable {

    /**
     * The subcommands, in the order help lists them. Registered here rather than in {@code @Command}: picocli
     * reflects over every registered class when the command line is built, which under emulation costs seconds
     * at each start, so a run of one subcommand registers only that one (see {@link #newCommandLine(String...)}).
     * Built on use, not in a static initializer: the daemon's start (see {@link #main}) never needs it.
     */
    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("daemon", DaemonCommand::new);
        m.put("status", StatusCommand::new);
        m.put("install", InstallCommand::new);
        m.put("check-update", CheckUpdateCommand::new);
        m.put("mark-good", MarkGoodCommand::new);
        m.put("mark-bad", MarkBadCommand::new);
        m.put("rollback", RollbackCommand::new);
        m.put("apps", AppsCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A plain {@code daemon} start skips the picocli model ({@link DaemonCommand#startDirectly}); the rest parses. */
    public static void main(String[] args) {
        // First: the daemon's shutdown hook logs until the applications are stopped.
        Logs.useDaemonLogManager();
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(DaemonCommand.startDirectly(args, err).orElseGet(() -> execute(args)));
    }

    /** Runs the command line and returns the exit code without exiting: tests call this. */
    public static int execute(String... args) {
        return newCommandLine(args).execute(args);
    }

    /** Every subcommand: what help, completion and the tests see. */
    static CommandLine newCommandLine() {
        return newCommandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when they start with one other than
     * {@code help}, with all of them otherwise. Parsing, help and errors are the same either way.
     */
    static CommandLine newCommandLine(String... args) {
        CommandLine cl = new CommandLine(new TwinrootCtl());
        String first = args.length == 0 ? "" : args[0];
        Map<String, Supplier<Object>> subcommands = subcommands();
        if (subcommands.containsKey(first) && !first.equals("help")) {
            cl.addSubcommand(first, subcommands.get(first).get());
        } else {
            subcommands.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
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
