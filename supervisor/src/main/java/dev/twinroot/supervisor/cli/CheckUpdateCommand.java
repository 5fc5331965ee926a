package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.SupervisorException;
import dev.twinroot.supervisor.config.SystemConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code twinrootctl check-update}: {@code POST /v1/update}, the update agent checks its channel now instead of
 * at its next scheduled poll (Mender's {@code check-update}). It returns at once; the check's result shows in
 * {@code twinrootctl status} and the log.
 */
@Command(name = "check-update", mixinStandardHelpOptions = true,
        description = "Ask the running daemon's update agent to check its channel now (updates.channel in"
                + " system.json); an update found is installed and rebooted into as updates.policy allows.",
        footer = {"", "Example:", "  twinrootctl check-update && sleep 30 && twinrootctl status"})
final class CheckUpdateCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SystemConfig c = config.load();
        String message = new DaemonApi(c).messageIfRunning("POST", "/v1/update").orElseThrow(() ->
                new SupervisorException("the supervisor daemon is not running (no socket " + c.api().socket() + ")"));
        spec.commandLine().getOut().println(message);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
