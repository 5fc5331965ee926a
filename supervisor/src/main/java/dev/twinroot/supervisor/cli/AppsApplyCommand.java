package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.apps.target.TargetStateParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code twinrootctl apps apply FILE}: checks a target state here (so a typo is reported at once, with the
 * field) and hands it to the daemon ({@code POST /v2/apps/target}), which applies it in the background.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Check a target state and ask the daemon to apply it; follow it with 'twinrootctl apps list'.",
        footer = {"", "Example:", "  twinrootctl apps apply /data/target.json && twinrootctl apps list"})
final class AppsApplyCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "FILE", description = "The target state (format: docs/apps.md).")
    Path file;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (Files.size(file) > TargetStateParser.MAX_BYTES) {
            throw new IOException(file + ": more than " + TargetStateParser.MAX_BYTES + " bytes");
        }
        byte[] raw = Files.readAllBytes(file);
        TargetStateParser.parse(raw);
        Wire.MessageResponse r = new DaemonApi(config.load()).call("POST", "/v2/apps/target", raw, Wire.MessageResponse.class);
        spec.commandLine().getOut().println(r.message());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
