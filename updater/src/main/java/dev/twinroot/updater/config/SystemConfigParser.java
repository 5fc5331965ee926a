package dev.twinroot.updater.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@link SystemConfig} from JSON. The file is shared with the supervisor, so unknown top-level fields are
 * left to it; inside the updater's own objects an unknown field is an error, because it is almost always a typo
 * that would otherwise silently select a default.
 */
public final class SystemConfigParser {

    /** A config is a few hundred bytes; anything near this is not one. */
    static final int MAX_BYTES = 256 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(4096)
                    .maxNumberLength(32).build())
            .build()).build();

    public SystemConfig read(Path file) throws ConfigException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file (the device's system config)");
        } catch (ConfigException e) {
            throw e;
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
        try {
            return parse(bytes);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    public SystemConfig parse(byte[] json) throws ConfigException {
        if (json.length > MAX_BYTES) {
            throw new ConfigException("system config is " + json.length + " bytes, more than " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException("system config is not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("system config could not be read as JSON", e);
        }
        try {
            return config(object(root, "the document"));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ConfigException("system config: " + e.getMessage());
        }
    }

    private static SystemConfig config(JsonNode root) throws ConfigException {
        JsonNode boot = object(required(root, "bootControl", ""), "bootControl");
        onlyFields(boot, "bootControl", Set.of("backend", "path"));
        String backendName = text(boot, "backend", "bootControl.");
        BootBackend backend = BootBackend.fromWireName(backendName).orElseThrow(() -> new ConfigException(
                "bootControl.backend must be u-boot, grub or file, found \"" + backendName + "\""));
        return new SystemConfig(text(root, "compatible", ""), slots(object(required(root, "slots", ""), "slots")),
                backend, path(boot, "path", "bootControl."), path(root, "keyring", ""), path(root, "dataDir", ""),
                optionalBoolean(root, "allowDowngrade").orElse(false),
                root.has("http") ? http(object(root.get("http"), "http")) : HttpSettings.defaults());
    }

    private static Map<Slot, SlotLocation> slots(JsonNode slots) throws ConfigException {
        Map<Slot, SlotLocation> out = new EnumMap<>(Slot.class);
        for (Iterator<String> names = slots.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Slot slot = Slot.named(name).orElseThrow(() -> new ConfigException("slots: unknown slot \""
                    + shorten(name) + "\" (the slots are A and B)"));
            String where = "slots." + name;
            JsonNode node = object(slots.get(name), where);
            onlyFields(node, where, Set.of("partlabel", "partuuid", "device", "file"));
            if (node.size() != 1) {
                throw new ConfigException(where + " must have exactly one of partlabel, partuuid, device, file; found "
                        + node.size());
            }
            String field = node.fieldNames().next();
            String value = text(node, field, where + ".");
            SlotLocation.Kind kind = switch (field) {
                case "partlabel" -> SlotLocation.Kind.PARTLABEL;
                case "partuuid" -> SlotLocation.Kind.PARTUUID;
                case "device" -> SlotLocation.Kind.DEVICE;
                default -> SlotLocation.Kind.FILE;
            };
            out.put(slot, new SlotLocation(kind, value));
        }
        return out;
    }

    private static HttpSettings http(JsonNode http) throws ConfigException {
        onlyFields(http, "http", Set.of("connectTimeoutSeconds", "readTimeoutSeconds", "retries", "backoffMillis",
                "maxBackoffMillis"));
        HttpSettings d = HttpSettings.defaults();
        return new HttpSettings(
                Duration.ofSeconds(number(http, "connectTimeoutSeconds", 1, 3600).orElse(d.connectTimeout().toSeconds())),
                Duration.ofSeconds(number(http, "readTimeoutSeconds", 1, 3600).orElse(d.readTimeout().toSeconds())),
                Math.toIntExact(number(http, "retries", 0, 1000).orElse((long) d.retries())),
                Duration.ofMillis(number(http, "backoffMillis", 0, 3_600_000).orElse(d.backoff().toMillis())),
                Duration.ofMillis(number(http, "maxBackoffMillis", 0, 3_600_000).orElse(d.maxBackoff().toMillis())));
    }

    private static JsonNode required(JsonNode node, String field, String prefix) throws ConfigException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new ConfigException(prefix + field + " is missing");
        }
        return v;
    }

    private static JsonNode object(JsonNode node, String what) throws ConfigException {
        if (!node.isObject()) {
            throw new ConfigException(what + " must be a JSON object, found " + node.getNodeType());
        }
        return node;
    }

    private static void onlyFields(JsonNode node, String what, Set<String> known) throws ConfigException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ConfigException(what + ": unknown field \"" + shorten(name) + "\" (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, String prefix) throws ConfigException {
        JsonNode v = required(node, field, prefix);
        if (!v.isTextual()) {
            throw new ConfigException(prefix + field + " must be a string, found " + v.getNodeType());
        }
        return v.asText();
    }

    private static Path path(JsonNode node, String field, String prefix) throws ConfigException {
        String text = text(node, field, prefix);
        if (!text.startsWith("/") || text.indexOf('\0') >= 0) {
            throw new ConfigException(prefix + field + " must be an absolute path, found \"" + shorten(text) + "\"");
        }
        try {
            return Path.of(text);
        } catch (RuntimeException e) {
            throw new ConfigException(prefix + field + " is not a usable path");
        }
    }

    private static Optional<Boolean> optionalBoolean(JsonNode node, String field) throws ConfigException {
        JsonNode v = node.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new ConfigException(field + " must be true or false, found " + v.getNodeType());
        }
        return Optional.of(v.booleanValue());
    }

    private static Optional<Long> number(JsonNode node, String field, long min, long max) throws ConfigException {
        JsonNode v = node.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new ConfigException("http." + field + " must be a whole number from " + min + " to " + max
                    + ", found " + shorten(v.toString()));
        }
        return Optional.of(v.longValue());
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
