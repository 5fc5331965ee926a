package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.config.ConfigException;
import dev.twinroot.supervisor.config.ConfigLoader;
import dev.twinroot.supervisor.config.SystemConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config}, shared by the subcommands that read {@code system.json}. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/twinroot/system.json",
            description = "The device configuration (default: ${DEFAULT-VALUE}).")
    Path file;

    SystemConfig load() throws ConfigException {
        return ConfigLoader.load(file);
    }
}
