package dev.twinroot.updater.install;

import dev.twinroot.platform.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** The journal as one JSON file replaced atomically (temporary file, fsync, rename, fsync of the directory). */
public final class FileJournal implements Journal {

    private final Path file;
    private final AtomicFile atomic;
    private final JournalCodec codec = new JournalCodec();

    public FileJournal(Path file, AtomicFile atomic) {
        this.file = file;
        this.atomic = atomic;
    }

    @Override
    public Optional<InstallState> read() throws IOException {
        try {
            if (Files.size(file) > Json.MAX_BYTES) {
                throw new RecordFormatException(file + ": larger than " + Json.MAX_BYTES + " bytes");
            }
            return Optional.of(codec.decode(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(InstallState state) throws IOException {
        atomic.write(file, codec.encode(state));
    }
}
