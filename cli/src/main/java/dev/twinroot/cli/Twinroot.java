package dev.twinroot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The host command {@code twinroot}. Each subcommand is one class in this package (or a sub-package named after
 * the module it drives); this class only wires them together and decides exit codes:
 * 0 ok, 1 failure, 2 usage.
 */
@Command(
        name = "twinroot",
        mixinStandardHelpOptions = true,
        versionProvider = Twinroot.Version.class,
        description = "Bake, sign, delta, flash and test A/B-updatable ARM64 Linux images.",
        // One line per subcommand, in the order `--help` lists them.
        subcommands = {
            PartCommand.class,
            KeysCommand.class,
            BundleCommand.class,
            DeltaCommand.class,
            ChannelCommand.class,
            AppsCommand.class,
            ImageCommand.class,
            QemuCommand.class,
            FlashCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class,
        },
        footer = {"", "Example:", "  twinroot part create --layout layout.json disk.img"})
public final class Twinroot implements Runnable {

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
        CommandLine cl = new CommandLine(new Twinroot());
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Twinroot.class.getPackage().getImplementationVersion();
            return new String[] {"twinroot " + (v == null ? "(development build)" : v)};
        }
    }
}
