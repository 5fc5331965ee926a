package dev.twinroot.supervisor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinrootctl apps}: the application containers the daemon runs. */
@Command(name = "apps", mixinStandardHelpOptions = true,
        description = "List, restart and read the logs of the application containers; apply a target state.",
        subcommands = {AppsListCommand.class, AppsLogsCommand.class, AppsRestartCommand.class, AppsApplyCommand.class,
                       AppsLoadCommand.class},
        footer = {"", "Examples:", "  twinrootctl apps list", "  twinrootctl apps logs web --lines 50",
                  "  twinrootctl apps apply /data/target.json"})
final class AppsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
