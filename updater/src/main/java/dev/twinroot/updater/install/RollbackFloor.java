package dev.twinroot.updater.install;

import dev.twinroot.platform.AtomicFile;
import dev.twinroot.updater.bundle.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The anti-rollback floor in {@code DATA/rollback-floor}: one version, the lowest this device may ever install
 * again. The installer reads it; the supervisor raises it to each version it commits. A damaged file refuses
 * installs rather than being ignored, since ignoring it would lift the floor, and is never overwritten by a
 * raise, since its lost content may have been higher.
 */
public final class RollbackFloor {

    public static final String FILE = "rollback-floor";
    private static final int MAX_BYTES = 256;

    private final Path dataDir;
    private final AtomicFile atomic;

    public RollbackFloor(Path dataDir, AtomicFile atomic) {
        this.dataDir = dataDir;
        this.atomic = atomic;
    }

    /** The floor, empty when none was ever set. */
    public Optional<Version> read() throws IOException {
        return read(dataDir);
    }

    /**
     * Makes {@code committed} the floor unless the floor is already at or above it: the floor never goes down.
     * The file is replaced atomically (fsync'd before and after the rename). Returns whether it changed.
     */
    public boolean raise(Version committed) throws IOException {
        Optional<Version> current = read();
        if (current.isPresent() && current.get().compareTo(committed) >= 0) {
            return false;
        }
        Files.createDirectories(dataDir);
        atomic.write(dataDir.resolve(FILE), (committed + "\n").getBytes(StandardCharsets.UTF_8));
        return true;
    }

    static Optional<Version> read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new RecordFormatException(file + ": longer than " + MAX_BYTES + " bytes");
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
