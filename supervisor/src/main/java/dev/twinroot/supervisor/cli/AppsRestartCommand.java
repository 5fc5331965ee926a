package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.api.Wire;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code twinrootctl apps restart NAME}: {@code POST /v2/apps/NAME/restart}. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Stop a service's container and start a new one with the same definition.",
        footer = {"", "Example:", "  twinrootctl apps restart web"})
final class AppsRestartCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "SERVICE", description = "The service's name in the target state.")
    String name;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "not a service name: " + name);
        }
        Wire.MessageResponse r = new DaemonApi(config.load()).call("POST", "/v2/apps/" + name + "/restart", new byte[0],
                Wire.MessageResponse.class);
        spec.commandLine().getOut().println(r.message());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
