package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.config.ConfigException;
import dev.twinroot.supervisor.config.ConfigLoader;
import dev.twinroot.supervisor.config.DeviceConfig;
import dev.twinroot.supervisor.config.SystemConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config}, shared by the subcommands that read {@code system.json}. */
final class ConfigOption {

    static final String DEFAULT_FILE = "/etc/twinroot/system.json";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DEFAULT_FILE,
            description = "The device configuration (default: ${DEFAULT-VALUE}).")
    Path file;

    ConfigOption() {
    }

    ConfigOption(Path file) {
        this.file = file;
    }

    SystemConfig load() throws ConfigException {
        return ConfigLoader.load(file);
    }

    /** With the updater's part of the same file, read once. */
    DeviceConfig loadDevice() throws ConfigException {
        return ConfigLoader.loadDevice(file);
    }
}
