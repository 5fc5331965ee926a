package dev.twinroot.supervisor.api;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.twinroot.supervisor.Json;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API's endpoints: authentication, routing, bodies in and out, and errors as {@code {"error": "..."}} with
 * the status from {@link ErrorKind}. {@code GET /v1/healthy} needs no token (as balena's supervisor does): it
 * tells only whether the device is healthy, and monitors should not need root's secret to ask.
 */
public final class ApiRoutes {

    private static final Logger LOG = Logger.getLogger(ApiRoutes.class.getName());
    static final int DEFAULT_LOG_LINES = 100;
    static final int MAX_LOG_LINES = 1000;
    private static final Map<String, Set<String>> ROUTES = Map.of(
            "/v1/status", Set.of("GET"),
            "/v1/logs", Set.of("GET"),
            "/v1/healthy", Set.of("GET"),
            "/v1/update", Set.of("POST"),
            "/v1/reboot", Set.of("POST"),
            "/v1/mark-good", Set.of("POST"));
    private static final ObjectReader REBOOT = Json.reader(Wire.RebootRequest.class);

    private final DeviceService service;
    private final ApiToken token;

    public ApiRoutes(DeviceService service, ApiToken token) {
        this.service = service;
        this.token = token;
    }

    public HttpResponse handle(HttpRequest request) {
        try {
            return route(request);
        } catch (ApiException e) {
            return HttpResponse.error(e.kind(), e.getMessage());
        } catch (IOException e) {
            LOG.log(Level.WARNING, request + " failed: " + e.getMessage());
            return HttpResponse.error(ErrorKind.INTERNAL, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, request + ": internal error", e);
            return HttpResponse.error(ErrorKind.INTERNAL, "internal error (a bug in the supervisor), see its log");
        }
    }

    private HttpResponse route(HttpRequest r) throws IOException {
        Set<String> methods = ROUTES.get(r.path());
        if (methods == null) {
            throw new ApiException(ErrorKind.NOT_FOUND, "no endpoint " + r.path());
        }
        if (!methods.contains(r.method())) {
            throw new ApiException(ErrorKind.METHOD_NOT_ALLOWED, r.path() + " takes " + String.join(", ", methods));
        }
        if (r.path().equals("/v1/healthy")) {
            Wire.HealthyResponse h = service.healthy();
            return HttpResponse.json(h.healthy() ? 200 : ErrorKind.UNAVAILABLE.status(), h);
        }
        if (!token.accepts(r.header("authorization"))) {
            throw new ApiException(ErrorKind.UNAUTHORIZED, "missing or wrong bearer token");
        }
        switch (r.path()) {
            case "/v1/status":
                return HttpResponse.json(200, service.status());
            case "/v1/logs":
                return HttpResponse.json(200, service.logs(lines(r)));
            case "/v1/update":
                return HttpResponse.json(202, service.checkForUpdate());
            case "/v1/reboot":
                return HttpResponse.json(202, service.reboot(rebootReason(r)));
            case "/v1/mark-good":
                return HttpResponse.json(200, service.markGood());
            default:
                throw new IllegalStateException("route without handler: " + r.path());
        }
    }

    private static int lines(HttpRequest r) throws ApiException {
        String v = r.query().get("lines");
        if (v == null) {
            return DEFAULT_LOG_LINES;
        }
        if (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > MAX_LOG_LINES) {
            throw new ApiException(ErrorKind.BAD_REQUEST, "lines: expected 1.." + MAX_LOG_LINES);
        }
        return Integer.parseInt(v);
    }

    private static String rebootReason(HttpRequest r) throws ApiException {
        byte[] body = r.body();
        if (body.length == 0) {
            return "requested through the API";
        }
        try {
            Wire.RebootRequest req = REBOOT.readValue(body);
            String reason = req == null ? "" : req.reason().orElse("").strip();
            if (reason.length() > 200 || reason.chars().anyMatch(c -> c < 0x20)) {
                throw new ApiException(ErrorKind.BAD_REQUEST, "reason: expected at most 200 printable characters");
            }
            return reason.isEmpty() ? "requested through the API" : reason;
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ApiException(ErrorKind.BAD_REQUEST, "body: expected {\"reason\": \"...\"}");
        }
    }
}
