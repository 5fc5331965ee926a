package dev.twinroot.supervisor.apps.run;

import dev.twinroot.supervisor.apps.image.RegistrySettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the applications live and how patient the supervisor is with them. {@code appsDir} is on the data
 * partition (images, volumes, logs, the current and previous release); {@code runtimeState} is runc's state,
 * on a tmpfs. {@code settle} is how long a service without a health check must stay up to count as started;
 * {@code verifyTimeout} bounds the wait for a new release to prove healthy before it is rolled back;
 * {@code registries} says which registries may be spoken to over plain HTTP and where their credentials are.
 */
public record AppsSettings(Path appsDir, Path runtimeState, Duration stopGrace, Duration settle,
                           Duration verifyTimeout, Duration registryTimeout, long maxImageBytes, long maxLogBytes,
                           RegistrySettings registries) {

    public AppsSettings(Path appsDir, Path runtimeState, Duration stopGrace, Duration settle, Duration verifyTimeout,
                        Duration registryTimeout, long maxImageBytes, long maxLogBytes) {
        this(appsDir, runtimeState, stopGrace, settle, verifyTimeout, registryTimeout, maxImageBytes, maxLogBytes,
                RegistrySettings.defaults());
    }

    public AppsSettings withRegistries(RegistrySettings r) {
        return new AppsSettings(appsDir, runtimeState, stopGrace, settle, verifyTimeout, registryTimeout, maxImageBytes,
                maxLogBytes, r);
    }

    public static AppsSettings defaults(Path dataDir) {
        return new AppsSettings(dataDir.resolve("apps"), Path.of("/run/twinroot/runc"), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(60), 8L << 30, 4L << 20);
    }

    public Path images() {
        return appsDir.resolve("images");
    }

    Path volume(String name) {
        return appsDir.resolve("volumes").resolve(name);
    }

    Path bundle(String containerId) {
        return appsDir.resolve("containers").resolve(containerId);
    }

    Path log(String service) {
        return appsDir.resolve("logs").resolve(service + ".log");
    }

    Path currentRelease() {
        return appsDir.resolve("current.json");
    }

    Path previousRelease() {
        return appsDir.resolve("previous.json");
    }
}
