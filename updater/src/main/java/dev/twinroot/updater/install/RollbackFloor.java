package dev.twinroot.updater.install;

import dev.twinroot.updater.bundle.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The anti-rollback floor in {@code DATA/rollback-floor}: one version, the lowest this device may ever install
 * again. A damaged file refuses installs rather than being ignored, since ignoring it would lift the floor.
 */
final class RollbackFloor {

    static final String FILE = "rollback-floor";

    private RollbackFloor() {}

    static Optional<Version> read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.size(file) > 256) {
                throw new RecordFormatException(file + ": longer than 256 bytes");
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            try {
                return Optional.of(Version.parse(text));
            } catch (IllegalArgumentException e) {
                throw new RecordFormatException(file + ": not a version");
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
