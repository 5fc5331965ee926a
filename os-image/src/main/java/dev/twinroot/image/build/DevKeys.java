package dev.twinroot.image.build;

import dev.twinroot.updater.signing.DevelopmentCa;
import dev.twinroot.updater.signing.KeyAlgorithm;
import dev.twinroot.updater.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The development signing key of this user: a {@link DevelopmentCa} created on first use in
 * {@code $XDG_CONFIG_HOME/twinroot/dev-keys} (else {@code ~/.config/twinroot/dev-keys}) and reused afterwards,
 * so images built on one machine trust each other's bundles. Never for production devices.
 *
 * @param dir holds {@code ca.pem} (goes into the image's keyring), {@code signing.key}, {@code signing.pem}
 */
public record DevKeys(Path dir) {

    public static DevKeys defaultLocation(Map<String, String> env) {
        Path config = Optional.ofNullable(env.get("XDG_CONFIG_HOME")).filter(s -> !s.isBlank()).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".config"));
        return new DevKeys(config.resolve("twinroot").resolve("dev-keys"));
    }

    public Path caCertificate() {
        return dir.resolve(DevelopmentCa.CA_FILE);
    }

    /** True when the keys already exist; false means {@link #signingKey()} creates them. */
    public boolean exist() {
        return Files.isRegularFile(dir.resolve(DevelopmentCa.KEY_FILE));
    }

    /** Loads the signing key, creating the CA and key first if this directory has none. */
    public SigningKey signingKey() throws IOException {
        if (!exist()) {
            Files.createDirectories(dir);
            DevelopmentCa.generate(KeyAlgorithm.ECDSA_P256, Instant.now(), "twinroot-dev").writeTo(dir);
        }
        return SigningKey.load(dir.resolve(DevelopmentCa.KEY_FILE), dir.resolve(DevelopmentCa.CERT_FILE));
    }
}
