package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.SupervisorException;
import dev.twinroot.supervisor.api.ApiTimeoutException;
import dev.twinroot.supervisor.api.UnixHttpClient;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.updater.json.JsonObject;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code twinrootctl install} while the daemon runs: the daemon installs ({@code POST /v1/install}, as {@code rauc
 * install} asks RAUC's service) and this follows it ({@code GET /v1/install}, each answer waiting up to
 * {@link #POLL_WAIT} for news), printing the same lines as an install in this process. The daemon's JVM has the
 * HTTP client, the keyring and the platform bindings loaded already; under emulation that halves an install's
 * start. Stopping this command (Ctrl-C) stops only the following: the install goes on in the daemon.
 *
 * <p>Answers are read as jackson-jr trees, not through databind: this runs in a fresh JVM on every install.
 */
final class DaemonInstall {

    static final Duration POLL_WAIT = Duration.ofSeconds(5);
    /** The daemon answers in milliseconds on a board; under QEMU TCG a busy daemon was seen to take seconds. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    /** Polls in a row that may go unanswered before this gives up following (the install goes on). */
    static final int MAX_UNANSWERED = 3;

    /** The lines an install prints, from this process's installer or from the daemon's events. */
    interface Lines {
        void state(String state, String slot, String version);

        void bytes(String phase, long done, long total);

        void note(String line);
    }

    /** How the daemon's install ended well: the version now first in BOOT_ORDER and its slot. */
    record Installed(String version, String slot) {
    }

    private final DaemonApi api;
    private final long id;

    private DaemonInstall(DaemonApi api, long id) {
        this.api = api;
        this.id = id;
    }

    long id() {
        return id;
    }

    /**
     * Asks the daemon to install {@code source}; empty when no daemon listens on the configured socket (then the
     * caller installs itself). A daemon that refuses (another install runs, a bad source) is an exception.
     */
    static Optional<DaemonInstall> start(SystemConfig config, String source) throws IOException {
        DaemonApi api = new DaemonApi(config);
        Optional<UnixHttpClient.Response> answered = api.sendIfRunning("POST", "/v1/install",
                JsonTree.writeCompact(Map.of("source", source)), ANSWER_TIMEOUT);
        if (answered.isEmpty()) {
            return Optional.empty();
        }
        UnixHttpClient.Response r = answered.get();
        if (r.status() != 202) {
            throw new SupervisorException(error(r));
        }
        JsonObject started = object(r.body());
        return Optional.of(new DaemonInstall(api, started.requiredWholeNumber("id")));
    }

    /** Prints the install's events as they come; returns when it is installed, throws why when it failed. */
    Installed follow(Lines lines) throws IOException {
        long after = 0;
        int unanswered = 0;
        while (true) {
            Optional<UnixHttpClient.Response> answered;
            try {
                answered = api.sendIfRunning("GET", "/v1/install?id=" + id + "&after=" + after + "&wait="
                        + POLL_WAIT.toSeconds(), new byte[0], ANSWER_TIMEOUT);
                unanswered = 0;
            } catch (ApiTimeoutException e) {
                if (++unanswered >= MAX_UNANSWERED) {
                    throw new SupervisorException("the daemon stopped answering while it installs (install " + id
                            + " goes on; see twinrootctl status): " + e.getMessage());
                }
                continue;
            }
            if (answered.isEmpty()) {
                throw new SupervisorException("the daemon went away during install " + id + "; its next start"
                        + " finishes or abandons the install: see twinrootctl status");
            }
            UnixHttpClient.Response r = answered.get();
            if (r.status() != 200) {
                throw new SupervisorException(error(r));
            }
            JsonObject run = object(r.body());
            for (JsonObject e : run.objects("events").orElse(List.of())) {
                print(e, lines);
            }
            after = run.requiredWholeNumber("next");
            String result = run.requiredText("result");
            if (result.equals(Wire.InstallRun.INSTALLED)) {
                return new Installed(run.requiredText("version"), run.requiredText("slot"));
            }
            if (!result.equals(Wire.InstallRun.RUNNING)) {
                throw new SupervisorException(run.text("error").orElse("the install failed (the daemon gave no reason)"));
            }
        }
    }

    private static void print(JsonObject e, Lines lines) throws JsonShapeException {
        if (e.has("state")) {
            lines.state(e.requiredText("state"), e.requiredText("slot"), e.requiredText("version"));
        } else if (e.has("phase")) {
            lines.bytes(e.requiredText("phase"), e.requiredWholeNumber("done"), e.requiredWholeNumber("total"));
        } else if (e.has("note")) {
            lines.note(e.requiredText("note"));
        }
        // Anything else is an event of a newer daemon: skipped, as readers skip fields they do not know.
    }

    private static JsonObject object(byte[] body) throws SupervisorException {
        try {
            return JsonObject.root(JsonTree.read(body));
        } catch (JsonShapeException e) {
            throw new SupervisorException("the daemon's answer is not what it should be: " + e.getMessage());
        }
    }

    private static String error(UnixHttpClient.Response r) {
        try {
            Optional<String> message = JsonObject.root(JsonTree.read(r.body())).text("error");
            if (message.isPresent()) {
                return message.get();
            }
        } catch (JsonShapeException e) {
            // said below
        }
        return "the daemon answered " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8).strip();
    }
}
