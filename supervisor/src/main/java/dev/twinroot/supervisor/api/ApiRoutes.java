package dev.twinroot.supervisor.api;

import dev.twinroot.supervisor.Json;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            "/v1/mark-good", Set.of("POST"),
            "/v1/install", Set.of("GET", "POST"));
    /** The longest {@code wait} of {@code GET /v1/install}: well within the API's liveness limit for one request. */
    static final int MAX_INSTALL_WAIT_SECONDS = 10;
    static final int MAX_SOURCE_LENGTH = 4096;

    private static final Pattern APP = Pattern.compile("/v2/apps/([a-z0-9][a-z0-9_-]{0,62})/(restart|logs)");

    private final DeviceService service;
    private final ApiToken token;
    private final Optional<AppsService> apps;

    public ApiRoutes(DeviceService service, ApiToken token) {
        this(service, token, Optional.empty());
    }

    /** With {@code apps}, also the application containers' endpoints under {@code /v2/apps}. */
    public ApiRoutes(DeviceService service, ApiToken token, Optional<AppsService> apps) {
        this.service = service;
        this.token = token;
        this.apps = apps;
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
        if (r.path().startsWith("/v2/apps")) {
            return appsRoute(r);
        }
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
            case "/v1/install":
                if (r.method().equals("POST")) {
                    return HttpResponse.json(202, service.install(installSource(r)));
                }
                return HttpResponse.json(200, service.install(number(r, "id", Long.MAX_VALUE, -1),
                        number(r, "after", Long.MAX_VALUE, 0),
                        Duration.ofSeconds(number(r, "wait", MAX_INSTALL_WAIT_SECONDS, 0))));
            default:
                throw new IllegalStateException("route without handler: " + r.path());
        }
    }

    /**
     * {@code GET /v2/apps}, {@code POST /v2/apps/target}, {@code POST /v2/apps/NAME/restart},
     * {@code GET /v2/apps/NAME/logs?lines=N}; all need the token.
     */
    private HttpResponse appsRoute(HttpRequest r) throws IOException {
        String method;
        if (r.path().equals("/v2/apps")) {
            method = "GET";
        } else if (r.path().equals("/v2/apps/target")) {
            method = "POST";
        } else {
            Matcher m = APP.matcher(r.path());
            if (!m.matches()) {
                throw new ApiException(ErrorKind.NOT_FOUND, "no endpoint " + r.path());
            }
            method = m.group(2).equals("restart") ? "POST" : "GET";
        }
        if (!r.method().equals(method)) {
            throw new ApiException(ErrorKind.METHOD_NOT_ALLOWED, r.path() + " takes " + method);
        }
        if (!token.accepts(r.header("authorization"))) {
            throw new ApiException(ErrorKind.UNAUTHORIZED, "missing or wrong bearer token");
        }
        AppsService a = apps.orElseThrow(() -> new ApiException(ErrorKind.NOT_FOUND,
                "application containers are not enabled in this supervisor"));
        if (r.path().equals("/v2/apps")) {
            return HttpResponse.json(200, a.apps());
        }
        if (r.path().equals("/v2/apps/target")) {
            return HttpResponse.json(202, a.applyTarget(r.body()));
        }
        Matcher m = APP.matcher(r.path());
        m.matches();
        if (m.group(2).equals("restart")) {
            return HttpResponse.json(200, a.restart(m.group(1)));
        }
        return HttpResponse.json(200, a.logs(m.group(1), lines(r)));
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

    /** A whole number {@code 0..max} from the query; {@code missing} when absent, or an error when that is -1. */
    private static long number(HttpRequest r, String name, long max, long missing) throws ApiException {
        String v = r.query().get(name);
        if (v == null && missing >= 0) {
            return missing;
        }
        if (v == null || !v.matches("[0-9]{1,18}") || Long.parseLong(v) > max) {
            throw new ApiException(ErrorKind.BAD_REQUEST, name + ": expected a whole number 0.." + max);
        }
        return Long.parseLong(v);
    }

    /** {@code {"source": "..."}}: an absolute path on the device or an http(s) URL, printable, at most 4096 characters. */
    private static String installSource(HttpRequest r) throws ApiException {
        Object source;
        try {
            Object tree = JsonTree.read(r.body());
            source = tree instanceof Map<?, ?> m ? m.get("source") : null;
        } catch (JsonShapeException e) {
            throw new ApiException(ErrorKind.BAD_REQUEST, "body: expected {\"source\": \"...\"}: " + e.getMessage());
        }
        if (!(source instanceof String s) || s.isEmpty()) {
            throw new ApiException(ErrorKind.BAD_REQUEST, "body: expected {\"source\": \"...\"}");
        }
        if (s.length() > MAX_SOURCE_LENGTH || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ApiException(ErrorKind.BAD_REQUEST, "source: expected at most " + MAX_SOURCE_LENGTH
                    + " printable characters");
        }
        if (!s.startsWith("/") && !s.startsWith("http://") && !s.startsWith("https://")) {
            throw new ApiException(ErrorKind.BAD_REQUEST, "source: expected an absolute path on the device or an"
                    + " http:// or https:// URL, found " + s);
        }
        return s;
    }

    private static String rebootReason(HttpRequest r) throws ApiException {
        byte[] body = r.body();
        if (body.length == 0) {
            return "requested through the API";
        }
        try {
            // Read when asked, not at class load: Jackson's databind is kept off the daemon's way to its commit.
            Wire.RebootRequest req = Json.reader(Wire.RebootRequest.class).readValue(body);
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
