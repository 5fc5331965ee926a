package dev.twinroot.supervisor.config;

import dev.twinroot.supervisor.agent.MaintenanceWindow;
import dev.twinroot.updater.config.SystemConfigParser;
import dev.twinroot.updater.json.JsonObject;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code system.json}, fills defaults and checks every field, naming the field that is wrong. */
public final class ConfigLoader {

    public static final Path DEFAULT_PATH = Path.of("/etc/twinroot/system.json");
    static final int MAX_BYTES = 256 * 1024;
    /** As the updater and bundle manifests define it. */
    private static final Pattern COMPATIBLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:-]{0,127}");
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}(:[0-9]{1,5})?");
    private static final Pattern CHECK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A program looked up on PATH, as ExternalTool takes it: no directory. */
    private static final Pattern PROGRAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    private ConfigLoader() {
    }

    public static SystemConfig load(Path file) throws ConfigException {
        return loadDevice(file).supervisor();
    }

    /** The supervisor's settings and the updater's part, from one read of the file. */
    public static DeviceConfig loadDevice(Path file) throws ConfigException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (ConfigException e) {
            throw e;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parseDevice(bytes, file.toString());
    }

    public static SystemConfig parse(byte[] json, String source) throws ConfigException {
        return parseDevice(json, source).supervisor();
    }

    /** Reads the bytes once as a tree and both parts from it; each part checks every field of its own. */
    public static DeviceConfig parseDevice(byte[] json, String source) throws ConfigException {
        if (json.length > MAX_BYTES) {
            throw new ConfigException(source + ": larger than " + MAX_BYTES + " bytes");
        }
        JsonObject root;
        SystemConfig config;
        try {
            root = JsonTree.readObject(json);
            config = SystemConfigReader.read(root);
        } catch (JsonShapeException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
        try {
            new Checks(source).check(config);
        } catch (RuntimeException e) {
            // Last resort: a check that trips over a value it did not foresee still reports the file as wrong.
            throw new ConfigException(source + ": invalid (" + e + ")", e);
        }
        try {
            return new DeviceConfig(config, new SystemConfigParser().parse(root));
        } catch (dev.twinroot.updater.config.ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
    }

    /** Field checks, each failing with the field's path, what was expected and what was found. */
    private static final class Checks {
        private final String source;

        Checks(String source) {
            this.source = source;
        }

        void check(SystemConfig c) throws ConfigException {
            if (c.formatVersion() == null || c.formatVersion() != SystemConfig.FORMAT_VERSION) {
                fail("formatVersion", String.valueOf(SystemConfig.FORMAT_VERSION), String.valueOf(c.formatVersion()));
            }
            if (c.compatible() == null || !COMPATIBLE.matcher(c.compatible()).matches()) {
                fail("compatible", "letters, digits, '.', '_', '+', ':' or '-' (at most 128)", quoted(c.compatible()));
            }
            absolute("osRelease", c.osRelease());
            absolute("dataDir", c.dataDir());
            checkApi(c.api());
            checkHealth(c.health());
            checkUpdates(c.updates());
            if (c.watchdog().isPresent()) {
                SystemConfig.Watchdog w = c.watchdog().get();
                absolute("watchdog.device", w.device());
                range("watchdog.timeoutSeconds", w.timeoutSeconds(), 2, 600);
            }
            if (c.logs().maxFileBytes() < 4096 || c.logs().maxFileBytes() > 64L * 1024 * 1024) {
                fail("logs.maxFileBytes", "4096..67108864", String.valueOf(c.logs().maxFileBytes()));
            }
            range("logs.files", c.logs().files(), 1, 100);
            checkReboot(c.reboot());
            checkRegistries(c.apps().registries());
        }

        /**
         * The fallback stays under the update agent's five-minute heartbeat: the agent waits in the reboot it asked
         * for, and a longer wait would stop the watchdog's petting before the fallback could act.
         */
        private void checkReboot(SystemConfig.Reboot r) throws ConfigException {
            if (r.command().isEmpty()) {
                fail("reboot.command", "a program and its arguments, e.g. [\"reboot\"]", "[]");
            }
            if (!PROGRAM.matcher(r.command().get(0)).matches()) {
                fail("reboot.command[0]", "a program name found on PATH (no '/'), e.g. \"reboot\" or \"systemctl\"",
                        quoted(r.command().get(0)));
            }
            range("reboot.fallbackSeconds", r.fallbackSeconds(), 10, 240);
        }

        private void checkRegistries(SystemConfig.Registries r) throws ConfigException {
            if (r.insecure().size() > 64) {
                fail("apps.registries.insecure", "at most 64 registries", String.valueOf(r.insecure().size()));
            }
            for (int i = 0; i < r.insecure().size(); i++) {
                String reg = r.insecure().get(i);
                if (!REGISTRY.matcher(reg).matches()) {
                    fail("apps.registries.insecure[" + i + "]", "host or host:port as an image reference names it",
                            quoted(reg));
                }
            }
            if (r.credentialsFile().isPresent()) {
                absolute("apps.registries.credentialsFile", r.credentialsFile().get());
            }
        }

        private void checkApi(SystemConfig.Api a) throws ConfigException {
            range("api.port", a.port(), 0, 65535);
            absolute("api.socket", a.socket());
            absolute("api.tokenFile", a.tokenFile());
        }

        private void checkHealth(SystemConfig.Health h) throws ConfigException {
            range("health.deadlineSeconds", h.deadlineSeconds(), 10, 86400);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < h.commands().size(); i++) {
                SystemConfig.HealthCommand cmd = h.commands().get(i);
                String at = "health.commands[" + i + "]";
                if (cmd.name() == null || !CHECK_NAME.matcher(cmd.name()).matches()) {
                    fail(at + ".name", "letters, digits, '.', '_' or '-' (at most 64)", quoted(cmd.name()));
                }
                if (!names.add(cmd.name())) {
                    fail(at + ".name", "a name no other check has", quoted(cmd.name()));
                }
                if (cmd.command().isEmpty()) {
                    fail(at + ".command", "a program and its arguments", "[]");
                }
                absolute(at + ".command[0]", cmd.command().get(0));
                range(at + ".timeoutSeconds", cmd.timeoutSeconds(), 1, h.deadlineSeconds());
            }
        }

        private void checkUpdates(SystemConfig.Updates u) throws ConfigException {
            if (u.channel().isPresent()) {
                String text = u.channel().get();
                try {
                    URI uri = new URI(text);
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                        fail("updates.channel", "an http:// or https:// URL with a host", quoted(text));
                    }
                } catch (URISyntaxException e) {
                    fail("updates.channel", "a URL", quoted(text));
                }
            }
            range("updates.pollIntervalSeconds", u.pollIntervalSeconds(), 60, 7 * 86400);
            SystemConfig.Policy p = u.policy();
            if (!List.of("immediate", "window", "unlocked").contains(p.reboot())) {
                fail("updates.policy.reboot", "\"immediate\", \"window\" or \"unlocked\"", quoted(p.reboot()));
            }
            try {
                ZoneId.of(p.zone());
            } catch (DateTimeException e) {
                fail("updates.policy.zone", "a time zone such as \"UTC\" or \"Europe/Berlin\"", quoted(p.zone()));
            }
            if ("window".equals(p.reboot()) && p.windowText().isEmpty()) {
                fail("updates.policy.window", "a daily window such as \"02:00-04:00\" when reboot is \"window\"", "nothing");
            }
            if (p.windowText().isPresent()) {
                try {
                    MaintenanceWindow.parse(p.window(), ZoneId.of(p.zone()));
                } catch (IllegalArgumentException e) {
                    fail("updates.policy.window", "HH:MM-HH:MM with different start and end", quoted(p.window()));
                }
            }
            absolute("updates.policy.locksDir", p.locksDir());
        }

        private void absolute(String field, String path) throws ConfigException {
            if (path == null || path.isEmpty() || !path.startsWith("/") || path.indexOf('\0') >= 0) {
                fail(field, "an absolute path", quoted(path));
            }
        }

        private void range(String field, Integer value, int min, int max) throws ConfigException {
            if (value == null || value < min || value > max) {
                fail(field, min + ".." + max, String.valueOf(value));
            }
        }

        private void fail(String field, String expected, String found) throws ConfigException {
            throw new ConfigException(source + ": " + field + ": expected " + expected + ", found " + found);
        }

        private static String quoted(String s) {
            if (s == null) {
                return "nothing";
            }
            return "\"" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "\"";
        }
    }
}
