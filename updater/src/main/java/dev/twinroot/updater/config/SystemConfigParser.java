package dev.twinroot.updater.config;

import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.json.JsonObject;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
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
        JsonObject root;
        try {
            root = JsonTree.readObject(json);
        } catch (JsonShapeException e) {
            throw new ConfigException("system config: " + e.getMessage());
        }
        return parse(root);
    }

    /** The updater's part of a document already read as a tree: the supervisor reads the file once for both parts. */
    public SystemConfig parse(JsonObject root) throws ConfigException {
        try {
            return config(root);
        } catch (JsonShapeException | IllegalArgumentException | ArithmeticException e) {
            throw new ConfigException("system config: " + e.getMessage());
        }
    }

    private static SystemConfig config(JsonObject root) throws ConfigException, JsonShapeException {
        JsonObject boot = required(root, "bootControl");
        onlyFields(boot, Set.of("backend", "path"));
        String backendName = boot.requiredText("backend");
        BootBackend backend = BootBackend.fromWireName(backendName).orElseThrow(() -> new ConfigException(
                "bootControl.backend must be u-boot, grub or file, found \"" + shorten(backendName) + "\""));
        return new SystemConfig(root.requiredText("compatible"), slots(required(root, "slots")),
                backend, path(boot, "path"), path(root, "keyring"), path(root, "dataDir"),
                root.bool("allowDowngrade").orElse(false),
                root.has("http") ? http(root.requiredObject("http")) : HttpSettings.defaults());
    }

    private static Map<Slot, SlotLocation> slots(JsonObject slots) throws ConfigException, JsonShapeException {
        Map<Slot, SlotLocation> out = new EnumMap<>(Slot.class);
        for (String name : slots.fieldNames()) {
            Slot slot = Slot.named(name).orElseThrow(() -> new ConfigException("slots: unknown slot \""
                    + shorten(name) + "\" (the slots are A and B)"));
            JsonObject node = slots.requiredObject(name);
            onlyFields(node, Set.of("partlabel", "partuuid", "device", "file"));
            if (node.size() != 1) {
                throw new ConfigException(node.path() + " must have exactly one of partlabel, partuuid, device, file;"
                        + " found " + node.size());
            }
            String field = node.fieldNames().iterator().next();
            String value = node.requiredText(field);
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

    private static HttpSettings http(JsonObject http) throws ConfigException, JsonShapeException {
        onlyFields(http, Set.of("connectTimeoutSeconds", "readTimeoutSeconds", "retries", "backoffMillis",
                "maxBackoffMillis"));
        HttpSettings d = HttpSettings.defaults();
        return new HttpSettings(
                Duration.ofSeconds(number(http, "connectTimeoutSeconds", 1, 3600).orElse(d.connectTimeout().toSeconds())),
                Duration.ofSeconds(number(http, "readTimeoutSeconds", 1, 3600).orElse(d.readTimeout().toSeconds())),
                Math.toIntExact(number(http, "retries", 0, 1000).orElse((long) d.retries())),
                Duration.ofMillis(number(http, "backoffMillis", 0, 3_600_000).orElse(d.backoff().toMillis())),
                Duration.ofMillis(number(http, "maxBackoffMillis", 0, 3_600_000).orElse(d.maxBackoff().toMillis())));
    }

    private static JsonObject required(JsonObject node, String field) throws ConfigException, JsonShapeException {
        if (!node.has(field)) {
            throw new ConfigException(node.pathOf(field) + " is missing");
        }
        return node.requiredObject(field);
    }

    private static void onlyFields(JsonObject node, Set<String> known) throws ConfigException {
        for (String name : node.fieldNames()) {
            if (!known.contains(name)) {
                throw new ConfigException(node.path() + ": unknown field \"" + shorten(name) + "\" (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static Path path(JsonObject node, String field) throws ConfigException, JsonShapeException {
        String text = node.requiredText(field);
        if (!text.startsWith("/") || text.indexOf('\0') >= 0) {
            throw new ConfigException(node.pathOf(field) + " must be an absolute path, found \"" + shorten(text)
                    + "\"");
        }
        try {
            return Path.of(text);
        } catch (RuntimeException e) {
            throw new ConfigException(node.pathOf(field) + " is not a usable path");
        }
    }

    private static Optional<Long> number(JsonObject node, String field, long min, long max)
            throws ConfigException, JsonShapeException {
        Optional<Long> v = node.wholeNumber(field);
        if (v.isPresent() && (v.get() < min || v.get() > max)) {
            throw new ConfigException(node.pathOf(field) + " must be a whole number from " + min + " to " + max
                    + ", found " + v.get());
        }
        return v;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
