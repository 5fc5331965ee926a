package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.api.Wire;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code twinrootctl apps list}: each service's state and health, from {@code GET /v2/apps}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show the release that runs and each service: state, health, restarts, container.",
        footer = {"", "Examples:", "  twinrootctl apps list", "  twinrootctl apps list --json | jq '.services[].health'"})
final class AppsListCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print the answer of GET /v2/apps as it is.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Wire.AppsResponse apps = new DaemonApi(config.load()).call("GET", "/v2/apps", new byte[0], Wire.AppsResponse.class);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.prettyWriter().writeValueAsString(apps));
        } else {
            out.println("release:    " + apps.release().orElse("(none)"));
            apps.lastApply().ifPresent(a -> out.println("last apply: " + a));
            if (!apps.services().isEmpty()) {
                out.printf("%-16s %-10s %-10s %8s  %-14s %s%n", "SERVICE", "STATE", "HEALTH", "RESTARTS", "CONTAINER", "IMAGE");
            }
            for (Wire.AppView s : apps.services()) {
                out.printf("%-16s %-10s %-10s %8d  %-14s %s%n", s.name(), s.state(), s.health(), s.restarts(),
                        s.container().orElse("-"), s.image());
            }
        }
        out.flush();
        return 0;
    }
}
