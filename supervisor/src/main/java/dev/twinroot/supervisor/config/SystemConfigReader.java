package dev.twinroot.supervisor.config;

import dev.twinroot.updater.json.JsonObject;
import dev.twinroot.updater.json.JsonShapeException;
import java.util.Optional;
import java.util.Set;

/**
 * The supervisor's part of {@code system.json}, field by field, into a {@link SystemConfig} whose absent fields are
 * {@code null} (its constructors fill the defaults; {@link ConfigLoader} checks the values). Every object refuses
 * fields it does not know: a misspelt key must not silently select a default.
 */
final class SystemConfigReader {

    /** The updater's keys, read and checked by its own parser. */
    private static final Set<String> TOP = Set.of("formatVersion", "compatible", "osRelease", "dataDir", "api",
            "health", "updates", "watchdog", "logs", "data", "reboot", "apps",
            "slots", "bootControl", "keyring", "allowDowngrade", "http");

    private SystemConfigReader() {
    }

    static SystemConfig read(JsonObject root) throws JsonShapeException {
        root.onlyFields(TOP);
        Optional<SystemConfig.Watchdog> watchdog = Optional.empty();
        Optional<JsonObject> w = root.object("watchdog");
        if (w.isPresent()) {
            w.get().onlyFields(Set.of("device", "timeoutSeconds"));
            watchdog = Optional.of(new SystemConfig.Watchdog(text(w.get(), "device"), integer(w.get(), "timeoutSeconds")));
        }
        return new SystemConfig(integer(root, "formatVersion"), text(root, "compatible"), text(root, "osRelease"),
                text(root, "dataDir"), api(root.object("api")), health(root.object("health")),
                updates(root.object("updates")), watchdog, logs(root.object("logs")), data(root.object("data")),
                reboot(root.object("reboot")), apps(root.object("apps")));
    }

    private static SystemConfig.Api api(Optional<JsonObject> api) throws JsonShapeException {
        if (api.isEmpty()) {
            return null;
        }
        JsonObject a = api.get();
        a.onlyFields(Set.of("port", "socket", "tokenFile"));
        return new SystemConfig.Api(integer(a, "port"), text(a, "socket"), text(a, "tokenFile"));
    }

    private static SystemConfig.Health health(Optional<JsonObject> health) throws JsonShapeException {
        if (health.isEmpty()) {
            return null;
        }
        JsonObject h = health.get();
        h.onlyFields(Set.of("deadlineSeconds", "commands"));
        java.util.List<SystemConfig.HealthCommand> commands = null;
        Optional<java.util.List<JsonObject>> listed = h.objects("commands");
        if (listed.isPresent()) {
            commands = new java.util.ArrayList<>();
            for (JsonObject c : listed.get()) {
                c.onlyFields(Set.of("name", "command", "timeoutSeconds"));
                commands.add(new SystemConfig.HealthCommand(text(c, "name"), c.texts("command").orElse(null),
                        integer(c, "timeoutSeconds")));
            }
        }
        return new SystemConfig.Health(integer(h, "deadlineSeconds"), commands);
    }

    private static SystemConfig.Updates updates(Optional<JsonObject> updates) throws JsonShapeException {
        if (updates.isEmpty()) {
            return null;
        }
        JsonObject u = updates.get();
        u.onlyFields(Set.of("channel", "pollIntervalSeconds", "policy"));
        SystemConfig.Policy policy = null;
        Optional<JsonObject> p = u.object("policy");
        if (p.isPresent()) {
            p.get().onlyFields(Set.of("reboot", "window", "zone", "locksDir"));
            policy = new SystemConfig.Policy(text(p.get(), "reboot"), text(p.get(), "window"), text(p.get(), "zone"),
                    text(p.get(), "locksDir"));
        }
        return new SystemConfig.Updates(u.text("channel"), integer(u, "pollIntervalSeconds"), policy);
    }

    private static SystemConfig.Logs logs(Optional<JsonObject> logs) throws JsonShapeException {
        if (logs.isEmpty()) {
            return null;
        }
        logs.get().onlyFields(Set.of("maxFileBytes", "files"));
        return new SystemConfig.Logs(logs.get().wholeNumber("maxFileBytes").orElse(null), integer(logs.get(), "files"));
    }

    private static SystemConfig.Data data(Optional<JsonObject> data) throws JsonShapeException {
        if (data.isEmpty()) {
            return null;
        }
        data.get().onlyFields(Set.of("grow"));
        return new SystemConfig.Data(data.get().bool("grow").orElse(null));
    }

    private static SystemConfig.Reboot reboot(Optional<JsonObject> reboot) throws JsonShapeException {
        if (reboot.isEmpty()) {
            return null;
        }
        reboot.get().onlyFields(Set.of("command", "fallbackSeconds"));
        return new SystemConfig.Reboot(reboot.get().texts("command").orElse(null),
                integer(reboot.get(), "fallbackSeconds"));
    }

    private static SystemConfig.Apps apps(Optional<JsonObject> apps) throws JsonShapeException {
        if (apps.isEmpty()) {
            return null;
        }
        apps.get().onlyFields(Set.of("registries"));
        Optional<JsonObject> r = apps.get().object("registries");
        if (r.isEmpty()) {
            return new SystemConfig.Apps(null);
        }
        r.get().onlyFields(Set.of("insecure", "credentialsFile"));
        return new SystemConfig.Apps(new SystemConfig.Registries(r.get().texts("insecure").orElse(null),
                r.get().text("credentialsFile")));
    }

    private static String text(JsonObject o, String field) throws JsonShapeException {
        return o.text(field).orElse(null);
    }

    private static Integer integer(JsonObject o, String field) throws JsonShapeException {
        return o.integer(field).orElse(null);
    }
}
