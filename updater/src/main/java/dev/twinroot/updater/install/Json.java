package dev.twinroot.updater.install;

import dev.twinroot.updater.bundle.Sha256;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.json.JsonObject;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Field access for the small JSON records the installer keeps on the data partition, each check with a message. */
final class Json {

    /** Records are a few hundred bytes; a file near this was not written by us. */
    static final int MAX_BYTES = 64 * 1024;

    private final String what;

    Json(String what) {
        this.what = what;
    }

    byte[] bytes(Map<String, Object> tree) {
        return JsonTree.write(tree);
    }

    JsonObject root(byte[] bytes, int format) throws RecordFormatException {
        if (bytes.length > MAX_BYTES) {
            throw new RecordFormatException(what + ": " + bytes.length + " bytes, more than " + MAX_BYTES);
        }
        try {
            JsonObject obj = JsonTree.readObject(bytes);
            long found = obj.requiredWholeNumber("format");
            if (found != format) {
                throw new RecordFormatException(what + ": format " + found + ", this version reads " + format);
            }
            return obj;
        } catch (JsonShapeException e) {
            throw failure(e);
        }
    }

    Optional<JsonObject> object(JsonObject node, String field) throws RecordFormatException {
        return checked(() -> node.object(field));
    }

    String text(JsonObject node, String field) throws RecordFormatException {
        return checked(() -> node.requiredText(field));
    }

    Optional<String> optionalText(JsonObject node, String field) throws RecordFormatException {
        return checked(() -> node.text(field));
    }

    long number(JsonObject node, String field) throws RecordFormatException {
        return checked(() -> node.requiredWholeNumber(field));
    }

    Slot slot(JsonObject node, String field) throws RecordFormatException {
        String name = text(node, field);
        return Slot.named(name).orElseThrow(() -> new RecordFormatException(what + ": " + node.pathOf(field)
                + " must be A or B"));
    }

    Version version(JsonObject node, String field) throws RecordFormatException {
        try {
            return Version.parse(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(what + ": " + node.pathOf(field) + " is not a version");
        }
    }

    Sha256 sha256(JsonObject node, String field) throws RecordFormatException {
        try {
            return new Sha256(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(what + ": " + node.pathOf(field) + " is not 64 lowercase hex digits");
        }
    }

    Instant instant(JsonObject node, String field) throws RecordFormatException {
        return checked(() -> node.requiredInstant(field));
    }

    /** One field read, its shape error put as this record's format error. */
    private interface Field<T> {
        T read() throws JsonShapeException;
    }

    private <T> T checked(Field<T> field) throws RecordFormatException {
        try {
            return field.read();
        } catch (JsonShapeException e) {
            throw failure(e);
        }
    }

    private RecordFormatException failure(JsonShapeException e) {
        return new RecordFormatException(what + ": " + e.getMessage());
    }
}
