package dev.twinroot.supervisor.cli;

import dev.twinroot.platform.Platform;
import dev.twinroot.updater.bootcontrol.KernelCommandLine;
import dev.twinroot.updater.config.SystemConfig;
import dev.twinroot.updater.config.SystemConfigParser;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.Device;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the device's config and kernel command line are; defaults are the real ones. */
final class DeviceOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "System config (default: ${DEFAULT-VALUE}).",
            defaultValue = "/etc/twinroot/system.json")
    Path config;

    @Option(names = "--cmdline", paramLabel = "FILE",
            description = "Kernel command line naming the booted slot (default: ${DEFAULT-VALUE}).",
            defaultValue = "/proc/cmdline")
    Path cmdline;

    SystemConfig systemConfig() throws IOException {
        return new SystemConfigParser().read(config);
    }

    Slot bootedSlot() throws IOException {
        return KernelCommandLine.bootedSlot(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8));
    }

    Device device(Platform platform) throws IOException {
        return Device.running(systemConfig(), platform, bootedSlot());
    }
}
