package dev.twinroot.updater.install;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinroot.updater.bundle.Sha256;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** Field access for the small JSON records the installer keeps on the data partition, each check with a message. */
final class Json {

    /** Records are a few hundred bytes; a file near this was not written by us. */
    static final int MAX_BYTES = 64 * 1024;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(8192)
                    .maxNumberLength(32).build())
            .build()).build();

    private final String what;

    Json(String what) {
        this.what = what;
    }

    ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    JsonNode root(byte[] bytes, int format) throws RecordFormatException {
        if (bytes.length > MAX_BYTES) {
            throw new RecordFormatException(what + ": " + bytes.length + " bytes, more than " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new RecordFormatException(what + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException | RuntimeException e) {
            throw new RecordFormatException(what + ": not readable as JSON");
        }
        JsonNode obj = object(root, what);
        long found = number(obj, "format");
        if (found != format) {
            throw new RecordFormatException(what + ": format " + found + ", this version reads " + format);
        }
        return obj;
    }

    JsonNode object(JsonNode node, String field) throws RecordFormatException {
        if (node == null || !node.isObject()) {
            throw new RecordFormatException(what + ": " + field + " must be an object");
        }
        return node;
    }

    String text(JsonNode node, String field) throws RecordFormatException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new RecordFormatException(what + ": " + field + " must be a string");
        }
        return v.asText();
    }

    Optional<String> optionalText(JsonNode node, String field) throws RecordFormatException {
        return node.has(field) && !node.get(field).isNull() ? Optional.of(text(node, field)) : Optional.empty();
    }

    long number(JsonNode node, String field) throws RecordFormatException {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new RecordFormatException(what + ": " + field + " must be a whole number");
        }
        return v.longValue();
    }

    Slot slot(JsonNode node, String field) throws RecordFormatException {
        String name = text(node, field);
        return Slot.named(name).orElseThrow(() -> new RecordFormatException(what + ": " + field
                + " must be A or B"));
    }

    Version version(JsonNode node, String field) throws RecordFormatException {
        try {
            return Version.parse(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(what + ": " + field + " is not a version");
        }
    }

    Sha256 sha256(JsonNode node, String field) throws RecordFormatException {
        try {
            return new Sha256(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(what + ": " + field + " is not 64 lowercase hex digits");
        }
    }

    Instant instant(JsonNode node, String field) throws RecordFormatException {
        try {
            return Instant.parse(text(node, field));
        } catch (RuntimeException e) {
            throw new RecordFormatException(what + ": " + field + " is not an ISO-8601 instant");
        }
    }
}
