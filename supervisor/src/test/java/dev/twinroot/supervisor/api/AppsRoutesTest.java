package dev.twinroot.supervisor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routing, authentication and errors of {@code /v2/apps}; the endpoints' work is AppsCommandsTest's. */
class AppsRoutesTest {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";
    final List<String> calls = new ArrayList<>();

    final AppsService apps = new AppsService() {
        @Override
        public Wire.AppsResponse apps() {
            calls.add("apps");
            return new Wire.AppsResponse(Optional.of("r1"), Optional.empty(), List.of());
        }

        @Override
        public Wire.MessageResponse restart(String name) throws IOException {
            calls.add("restart " + name);
            if (!name.equals("web")) {
                throw new ApiException(ErrorKind.NOT_FOUND, "no service named " + name);
            }
            return new Wire.MessageResponse("service web restarted");
        }

        @Override
        public Wire.LogsResponse logs(String name, int lines) {
            calls.add("logs " + name + " " + lines);
            return new Wire.LogsResponse(List.of("a"));
        }

        @Override
        public Wire.MessageResponse applyTarget(byte[] target) {
            calls.add("target " + target.length);
            return new Wire.MessageResponse("applying");
        }
    };

    HttpResponse send(ApiRoutes routes, String method, String target, boolean token) {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        Map<String, String> query = target.contains("?")
                ? Map.of(target.substring(target.indexOf('?') + 1).split("=")[0], target.split("=")[1]) : Map.of();
        Map<String, String> headers = token ? Map.of("authorization", "Bearer " + TOKEN) : Map.of();
        return routes.handle(new HttpRequest(method, path, query, headers, new byte[3]));
    }

    @Test
    void routesAuthenticatesAndRefuses(@TempDir Path dir) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        ApiRoutes routes = new ApiRoutes(new ApiServerTest.RecordingService(), ApiToken.load(tokenFile), Optional.of(apps));
        assertEquals(200, send(routes, "GET", "/v2/apps", true).status());
        assertEquals(200, send(routes, "POST", "/v2/apps/web/restart", true).status());
        assertEquals(200, send(routes, "GET", "/v2/apps/web/logs?lines=7", true).status());
        assertEquals(202, send(routes, "POST", "/v2/apps/target", true).status());
        assertEquals(List.of("apps", "restart web", "logs web 7", "target 3"), calls);

        assertEquals(401, send(routes, "GET", "/v2/apps", false).status());
        assertEquals(405, send(routes, "POST", "/v2/apps", true).status());
        assertEquals(405, send(routes, "GET", "/v2/apps/web/restart", true).status());
        assertEquals(404, send(routes, "GET", "/v2/apps/../etc/logs", true).status());
        assertEquals(404, send(routes, "GET", "/v2/apps/web/secrets", true).status());
        HttpResponse unknown = send(routes, "POST", "/v2/apps/db/restart", true);
        assertEquals(404, unknown.status());
        assertEquals("{\"error\":\"no service named db\"}", new String(unknown.body(), StandardCharsets.UTF_8));
        assertEquals(400, send(routes, "GET", "/v2/apps/web/logs?lines=0", true).status());
        assertEquals(4 + 1, calls.size(), "refused requests reach no endpoint except the unknown service");

        ApiRoutes without = new ApiRoutes(new ApiServerTest.RecordingService(), ApiToken.load(tokenFile));
        HttpResponse off = send(without, "GET", "/v2/apps", true);
        assertEquals(404, off.status());
        assertTrue(new String(off.body(), StandardCharsets.UTF_8).contains("not enabled"));
    }
}
