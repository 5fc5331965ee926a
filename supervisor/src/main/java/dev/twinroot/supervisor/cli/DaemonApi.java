package dev.twinroot.supervisor.cli;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.SupervisorException;
import dev.twinroot.supervisor.api.ApiToken;
import dev.twinroot.supervisor.api.UnixHttpClient;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.updater.json.JsonObject;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks the running daemon over its Unix socket with its token: for the commands that only the daemon can
 * answer (the applications run in it), where no daemon, or an error answer, is one {@link SupervisorException};
 * and for those that go through the daemon when it runs and act by themselves when it does not.
 */
final class DaemonApi {

    private final SystemConfig config;

    DaemonApi(SystemConfig config) {
        this.config = config;
    }

    /**
     * {@code method path} without a body, for an answer {@code {"message": "..."}}: the message, or empty when no
     * daemon listens (then the caller acts by itself). Read as a jackson-jr tree, not through databind: every
     * command JVM would build databind's mapper for one field.
     */
    Optional<String> messageIfRunning(String method, String path) throws IOException {
        Optional<UnixHttpClient.Response> answered = sendIfRunning(method, path, new byte[0], Duration.ofSeconds(60));
        if (answered.isEmpty()) {
            return Optional.empty();
        }
        UnixHttpClient.Response r = answered.get();
        try {
            JsonObject answer = JsonObject.root(JsonTree.read(r.body()));
            if (r.status() / 100 != 2) {
                throw new SupervisorException("the daemon answered " + r.status() + ": "
                        + answer.text("error").orElse("(no reason given)"));
            }
            return Optional.of(answer.requiredText("message"));
        } catch (JsonShapeException e) {
            throw new SupervisorException("the daemon's answer " + r.status() + " is not what it should be: "
                    + e.getMessage());
        }
    }

    /**
     * Sends one request with the token and returns the daemon's answer, whatever its status; empty when no daemon
     * listens: no socket file, or one left by a daemon that is gone. A daemon that takes the connection and does
     * not answer within {@code timeout} is an {@link dev.twinroot.supervisor.api.ApiTimeoutException}.
     */
    Optional<UnixHttpClient.Response> sendIfRunning(String method, String path, byte[] body, Duration timeout)
            throws IOException {
        Path socket = Path.of(config.api().socket());
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        String token = ApiToken.read(Path.of(config.api().tokenFile()));
        try {
            return Optional.of(new UnixHttpClient(socket, timeout).send(method, path, Optional.of(token), body));
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    <T> T call(String method, String path, byte[] body, Class<T> answer) throws IOException {
        Path socket = Path.of(config.api().socket());
        if (!Files.exists(socket)) {
            throw new SupervisorException("the supervisor daemon is not running (no socket " + socket + ")");
        }
        String token = ApiToken.read(Path.of(config.api().tokenFile()));
        UnixHttpClient.Response r;
        try {
            r = new UnixHttpClient(socket, Duration.ofSeconds(60)).send(method, path, Optional.of(token), body);
        } catch (SocketException e) {
            throw new SupervisorException("the supervisor daemon is not running (" + socket + ": " + e.getMessage() + ")");
        }
        if (r.status() / 100 != 2) {
            Wire.ErrorResponse err = Json.reader(Wire.ErrorResponse.class).readValue(r.body());
            throw new SupervisorException("the daemon answered " + r.status() + ": " + err.error());
        }
        ObjectReader reader = Json.reader(answer);
        return reader.readValue(r.body());
    }
}
