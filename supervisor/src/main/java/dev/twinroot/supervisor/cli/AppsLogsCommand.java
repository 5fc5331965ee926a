package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.api.Wire;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code twinrootctl apps logs NAME}: the last lines a service printed, from {@code GET /v2/apps/NAME/logs}. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print the last lines of a service's log (its containers' output and the supervisor's notes).",
        footer = {"", "Example:", "  twinrootctl apps logs web --lines 20"})
final class AppsLogsCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "SERVICE", description = "The service's name in the target state.")
    String name;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "100", description = "How many lines, 1..1000 (default: ${DEFAULT-VALUE}).")
    int lines;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "not a service name: " + name);
        }
        Wire.LogsResponse r = new DaemonApi(config.load()).call("GET", "/v2/apps/" + name + "/logs?lines=" + lines,
                new byte[0], Wire.LogsResponse.class);
        PrintWriter out = spec.commandLine().getOut();
        r.lines().forEach(out::println);
        out.flush();
        return 0;
    }
}
