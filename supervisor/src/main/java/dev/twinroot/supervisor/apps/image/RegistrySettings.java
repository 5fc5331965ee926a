package dev.twinroot.supervisor.apps.image;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * How the device speaks to registries: which ones it may reach over plain HTTP ({@code insecure}, as
 * {@code host:port} exactly as image references name them; loopback registries always may), and the file with
 * the credentials it gives a registry's token service ({@link RegistryCredentials}), if any.
 */
public record RegistrySettings(Set<String> insecure, Optional<Path> credentialsFile) {

    public RegistrySettings {
        insecure = Set.copyOf(insecure);
    }

    public static RegistrySettings defaults() {
        return new RegistrySettings(Set.of(), Optional.empty());
    }

    /** Whether {@code registry} ({@code host[:port]}) is spoken to over plain HTTP. */
    public boolean plainHttp(String registry) {
        String host = registry.replaceFirst(":[0-9]+$", "");
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        return loopback || insecure.contains(registry);
    }
}
