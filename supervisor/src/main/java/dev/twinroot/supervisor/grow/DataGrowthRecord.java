package dev.twinroot.supervisor.grow;

import dev.twinroot.supervisor.AtomicFiles;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.RecordException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** {@code DATADIR/twinroot/data-growth.json}: the last start's {@link DataGrowth}, replaced atomically. */
public final class DataGrowthRecord {

    static final long MAX_BYTES = 64 * 1024;

    private final Path file;

    /** @param stateRoot the supervisor's directory, {@code DATADIR/twinroot} */
    public DataGrowthRecord(Path stateRoot) {
        this.file = stateRoot.resolve("data-growth.json");
    }

    public void save(DataGrowth growth) throws IOException {
        AtomicFiles.write(file, Json.bytes(growth));
    }

    public Optional<DataGrowth> load() throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new RecordException(file + ": larger than " + MAX_BYTES + " bytes", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.reader(DataGrowth.class).readValue(bytes));
        } catch (IOException | RuntimeException e) {
            throw new RecordException(file + ": unreadable record", e);
        }
    }
}
