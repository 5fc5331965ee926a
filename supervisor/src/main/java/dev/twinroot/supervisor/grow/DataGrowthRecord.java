package dev.twinroot.supervisor.grow;

import dev.twinroot.supervisor.AtomicFiles;
import dev.twinroot.supervisor.RecordException;
import dev.twinroot.updater.json.JsonObject;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code DATADIR/twinroot/data-growth.json}: the last start's {@link DataGrowth}, replaced atomically. Fields as
 * {@code docs/formats/state-records.md} shows them; absent optional fields are left out, unknown ones ignored.
 */
public final class DataGrowthRecord {

    static final long MAX_BYTES = 64 * 1024;

    private final Path file;

    /** @param stateRoot the supervisor's directory, {@code DATADIR/twinroot} */
    public DataGrowthRecord(Path stateRoot) {
        this.file = stateRoot.resolve("data-growth.json");
    }

    public void save(DataGrowth growth) throws IOException {
        AtomicFiles.write(file, JsonTree.write(tree(growth)));
    }

    /** The record's JSON tree, as the file and the local API's status carry it. */
    public static Map<String, Object> tree(DataGrowth growth) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("result", growth.result());
        o.put("at", growth.at().toString());
        growth.partition().ifPresent(p -> o.put("partition", p));
        growth.bytesBefore().ifPresent(b -> o.put("bytesBefore", b));
        growth.bytesAfter().ifPresent(b -> o.put("bytesAfter", b));
        o.put("detail", growth.detail());
        growth.diskBytes().ifPresent(b -> o.put("diskBytes", b));
        growth.partitionBytes().ifPresent(b -> o.put("partitionBytes", b));
        return o;
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
            JsonObject o = JsonTree.readObject(bytes);
            return Optional.of(new DataGrowth(o.requiredText("result"), o.requiredInstant("at"), o.text("partition"),
                    o.wholeNumber("bytesBefore"), o.wholeNumber("bytesAfter"), o.text("detail").orElse(""),
                    o.wholeNumber("diskBytes"), o.wholeNumber("partitionBytes")));
        } catch (JsonShapeException e) {
            throw new RecordException(file + ": unreadable record: " + e.getMessage(), e);
        }
    }
}
