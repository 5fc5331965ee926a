package dev.twinroot.supervisor.apps.target;

import static dev.twinroot.supervisor.apps.JsonFields.array;
import static dev.twinroot.supervisor.apps.JsonFields.integer;
import static dev.twinroot.supervisor.apps.JsonFields.object;
import static dev.twinroot.supervisor.apps.JsonFields.onlyKnown;
import static dev.twinroot.supervisor.apps.JsonFields.plain;
import static dev.twinroot.supervisor.apps.JsonFields.quoted;
import static dev.twinroot.supervisor.apps.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.JsonFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bytes of a target state (format in {@code docs/apps.md}) to a {@link TargetState}. Strict: unknown fields,
 * duplicate keys, values over a cap, dependencies on missing services and dependency cycles are refused with a
 * message naming the field. Any input ends as a target state or an {@link AppsFormatException}.
 */
public final class TargetStateParser {

    public static final int FORMAT_VERSION = 1;
    public static final int MAX_BYTES = 256 * 1024;
    static final int MAX_SERVICES = 32;
    static final int MAX_ARGS = 128;
    static final int MAX_ARG = 4096;
    static final int MAX_ENV = 128;
    static final int MAX_VOLUMES = 16;
    static final int MAX_PATH = 1024;
    static final long MIN_MEMORY = 4L << 20;
    static final long MAX_MEMORY = 1L << 40;
    static final long MAX_PIDS = 1L << 22;
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    private static final Pattern ANY = Pattern.compile("(?s).*");
    private static final Set<String> TOP = Set.of("formatVersion", "release", "services");
    private static final Set<String> SERVICE = Set.of("image", "command", "environment", "volumes", "restart",
            "healthCheck", "dependsOn", "updateStrategy", "limits");
    private static final Set<String> VOLUME = Set.of("name", "path", "readOnly");
    private static final Set<String> HEALTH = Set.of("command", "intervalSeconds", "timeoutSeconds", "retries");
    private static final Set<String> LIMITS = Set.of("memoryBytes", "pids");

    private TargetStateParser() {
    }

    public static TargetState parse(byte[] bytes) throws AppsFormatException {
        try {
            return state(JsonFields.tree(bytes, MAX_BYTES, "target state"));
        } catch (AppsFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // Last resort: whatever the bytes, callers handle one exception type.
            throw new AppsFormatException("target state: unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static TargetState state(JsonNode root) throws AppsFormatException {
        object(root, "target state");
        onlyKnown(root, "target state", TOP);
        integer(root.get("formatVersion"), "formatVersion", FORMAT_VERSION, FORMAT_VERSION);
        String release = text(root.get("release"), "release", RELEASE);
        JsonNode services = object(root.get("services"), "services");
        if (services.size() > MAX_SERVICES) {
            throw new AppsFormatException("services: at most " + MAX_SERVICES + ", found " + services.size());
        }
        Map<String, Service> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : services.properties()) {
            String at = "services." + quoted(e.getKey());
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new AppsFormatException(at + ": a service name is " + NAME.pattern());
            }
            parsed.put(e.getKey(), service(e.getKey(), e.getValue(), "services." + e.getKey()));
        }
        checkDependencies(parsed);
        checkVolumes(parsed);
        return new TargetState(release, parsed);
    }

    private static Service service(String name, JsonNode node, String at) throws AppsFormatException {
        object(node, at);
        onlyKnown(node, at, SERVICE);
        ImageRef image = ImageRef.parse(plain(node.get("image"), at + ".image", ImageRef.MAX_LENGTH + 1), at + ".image");
        List<String> command = node.has("command") ? strings(node.get("command"), at + ".command") : List.of();
        Map<String, String> env = new LinkedHashMap<>();
        if (node.has("environment")) {
            JsonNode e = object(node.get("environment"), at + ".environment");
            if (e.size() > MAX_ENV) {
                throw new AppsFormatException(at + ".environment: at most " + MAX_ENV + " variables, found " + e.size());
            }
            for (Map.Entry<String, JsonNode> v : e.properties()) {
                if (!ENV_NAME.matcher(v.getKey()).matches()) {
                    throw new AppsFormatException(at + ".environment: not a variable name: " + quoted(v.getKey()));
                }
                env.put(v.getKey(), plain(v.getValue(), at + ".environment." + v.getKey(), MAX_ARG));
            }
        }
        List<Volume> volumes = new ArrayList<>();
        if (node.has("volumes")) {
            JsonNode list = array(node.get("volumes"), at + ".volumes", MAX_VOLUMES);
            for (int i = 0; i < list.size(); i++) {
                volumes.add(volume(list.get(i), at + ".volumes[" + i + "]"));
            }
        }
        RestartPolicy restart = RestartPolicy.ALWAYS;
        if (node.has("restart")) {
            String r = text(node.get("restart"), at + ".restart", ANY);
            restart = RestartPolicy.ofWire(r).orElseThrow(() -> new AppsFormatException(at
                    + ".restart: expected no, on-failure or always, found " + quoted(r)));
        }
        Optional<HealthCommand> health = node.has("healthCheck")
                ? Optional.of(health(node.get("healthCheck"), at + ".healthCheck")) : Optional.empty();
        List<String> dependsOn = new ArrayList<>();
        if (node.has("dependsOn")) {
            JsonNode list = array(node.get("dependsOn"), at + ".dependsOn", MAX_SERVICES);
            for (int i = 0; i < list.size(); i++) {
                String d = text(list.get(i), at + ".dependsOn[" + i + "]", NAME);
                if (dependsOn.contains(d)) {
                    throw new AppsFormatException(at + ".dependsOn[" + i + "]: " + d + " is listed twice");
                }
                dependsOn.add(d);
            }
        }
        UpdateStrategy strategy = UpdateStrategy.DOWNLOAD_THEN_KILL;
        if (node.has("updateStrategy")) {
            String s = text(node.get("updateStrategy"), at + ".updateStrategy", ANY);
            strategy = UpdateStrategy.ofWire(s).orElseThrow(() -> new AppsFormatException(at
                    + ".updateStrategy: expected download-then-kill, kill-then-download or hand-over, found "
                    + quoted(s)));
        }
        Limits limits = node.has("limits") ? limits(node.get("limits"), at + ".limits") : Limits.none();
        return new Service(name, image, command, env, volumes, restart, health, dependsOn, strategy, limits);
    }

    private static List<String> strings(JsonNode node, String at) throws AppsFormatException {
        array(node, at, MAX_ARGS);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(plain(node.get(i), at + "[" + i + "]", MAX_ARG));
        }
        if (out.isEmpty()) {
            throw new AppsFormatException(at + ": expected at least the program, found an empty array");
        }
        return out;
    }

    private static Volume volume(JsonNode node, String at) throws AppsFormatException {
        object(node, at);
        onlyKnown(node, at, VOLUME);
        String name = text(node.get("name"), at + ".name", VOLUME_NAME);
        String path = plain(node.get("path"), at + ".path", MAX_PATH);
        if (!path.startsWith("/") || path.equals("/") || path.endsWith("/") || path.contains("//")
                || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")) {
            throw new AppsFormatException(at + ".path: expected an absolute, normalised path other than /, found "
                    + quoted(path));
        }
        boolean readOnly = false;
        if (node.has("readOnly")) {
            JsonNode r = node.get("readOnly");
            if (!r.isBoolean()) {
                throw new AppsFormatException(at + ".readOnly: expected true or false, found " + JsonFields.describe(r));
            }
            readOnly = r.booleanValue();
        }
        return new Volume(name, path, readOnly);
    }

    private static HealthCommand health(JsonNode node, String at) throws AppsFormatException {
        object(node, at);
        onlyKnown(node, at, HEALTH);
        List<String> command = strings(node.get("command"), at + ".command");
        long interval = node.has("intervalSeconds") ? integer(node.get("intervalSeconds"), at + ".intervalSeconds", 1, 86400) : 30;
        long timeout = node.has("timeoutSeconds") ? integer(node.get("timeoutSeconds"), at + ".timeoutSeconds", 1, 3600) : 10;
        long retries = node.has("retries") ? integer(node.get("retries"), at + ".retries", 1, 100) : 3;
        return new HealthCommand(command, Duration.ofSeconds(interval), Duration.ofSeconds(timeout), (int) retries);
    }

    private static Limits limits(JsonNode node, String at) throws AppsFormatException {
        object(node, at);
        onlyKnown(node, at, LIMITS);
        OptionalLong memory = node.has("memoryBytes")
                ? OptionalLong.of(integer(node.get("memoryBytes"), at + ".memoryBytes", MIN_MEMORY, MAX_MEMORY))
                : OptionalLong.empty();
        OptionalLong pids = node.has("pids")
                ? OptionalLong.of(integer(node.get("pids"), at + ".pids", 1, MAX_PIDS)) : OptionalLong.empty();
        return new Limits(memory, pids);
    }

    private static void checkDependencies(Map<String, Service> services) throws AppsFormatException {
        for (Service s : services.values()) {
            for (String d : s.dependsOn()) {
                if (!services.containsKey(d)) {
                    throw new AppsFormatException("services." + s.name() + ".dependsOn: no service named " + d);
                }
                if (d.equals(s.name())) {
                    throw new AppsFormatException("services." + s.name() + ".dependsOn: a service cannot depend on itself");
                }
            }
        }
        Set<String> placed = new HashSet<>();
        boolean progress = true;
        while (progress && placed.size() < services.size()) {
            progress = false;
            for (Service s : services.values()) {
                if (!placed.contains(s.name()) && placed.containsAll(s.dependsOn())) {
                    placed.add(s.name());
                    progress = true;
                }
            }
        }
        if (placed.size() < services.size()) {
            List<String> cycle = services.keySet().stream().filter(n -> !placed.contains(n)).sorted().toList();
            throw new AppsFormatException("services: dependency cycle among " + String.join(", ", cycle));
        }
    }

    /** Two services writing one volume would corrupt it; sharing is allowed read-only only. */
    private static void checkVolumes(Map<String, Service> services) throws AppsFormatException {
        Map<String, String> writer = new LinkedHashMap<>();
        for (Service s : services.values()) {
            Set<String> paths = new HashSet<>();
            for (Volume v : s.volumes()) {
                if (!paths.add(v.path())) {
                    throw new AppsFormatException("services." + s.name() + ".volumes: two volumes at " + quoted(v.path()));
                }
                if (!v.readOnly()) {
                    String other = writer.putIfAbsent(v.name(), s.name());
                    if (other != null && !other.equals(s.name())) {
                        throw new AppsFormatException("services." + s.name() + ".volumes: volume " + v.name()
                                + " is already writable by service " + other);
                    }
                }
            }
        }
    }
}
