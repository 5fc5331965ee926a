package dev.twinroot.supervisor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.supervisor.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";
    static final ExternalTool CURL = new ExternalTool("curl", "curl");

    @TempDir
    Path dir;
    Path socket;
    ApiServer server;
    final RecordingService service = new RecordingService();

    @BeforeEach
    void start() throws IOException {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        socket = dir.resolve("run/api.sock");
        server = ApiServer.start(Optional.of(0), Optional.of(socket), new ApiRoutes(service, ApiToken.load(tokenFile)),
                Duration.ofMillis(800), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    java.net.http.HttpResponse<String> tcp(String method, String path, Optional<String> token, String body) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.tcpPort().orElseThrow() + path))
                .method(method, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return HttpClient.newHttpClient().send(b.build(), BodyHandlers.ofString());
    }

    @Test
    void servesStatusOverTcpToTheJdkClient() throws Exception {
        var r = tcp("GET", "/v1/status", Optional.of(TOKEN), "");
        assertEquals(200, r.statusCode());
        Wire.StatusResponse status = Json.reader(Wire.StatusResponse.class).readValue(r.body());
        assertEquals(Optional.of("A"), status.bootedSlot());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void servesTheUnixSocketToCurl() throws Exception {
        Assumptions.assumeTrue(CURL.isPresent(), "curl is not installed: apt-get install curl");
        ExternalTool.Result r = CURL.run(List.of("-sS", "--unix-socket", socket.toString(), "-X", "POST",
                "-H", "Authorization: Bearer " + TOKEN, "-H", "Content-Type: application/json",
                "-d", "{\"reason\":\"maintenance\",\"unknownField\":1}", "-w", "\n%{http_code}",
                "http://localhost/v1/reboot"), Duration.ofSeconds(10));
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().endsWith("\n202"), r.stdout());
        assertEquals(List.of("reboot: maintenance"), service.calls);
    }

    @Test
    void aDaemonThatTakesTheConnectionButNeverAnswersIsATimeout() throws Exception {
        Path silent = dir.resolve("silent.sock");
        try (var server = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(silent));
            UnixHttpClient client = new UnixHttpClient(silent, Duration.ofMillis(300));
            ApiTimeoutException e = assertThrows(ApiTimeoutException.class,
                    () -> client.send("GET", "/v1/status", Optional.of(TOKEN), new byte[0]));
            assertTrue(e.getMessage().startsWith(silent + ": no answer within "), e.getMessage());
        }
    }

    @Test
    void twinrootctlsClientTalksToTheUnixSocket() throws Exception {
        UnixHttpClient client = new UnixHttpClient(socket, Duration.ofSeconds(5));
        UnixHttpClient.Response r = client.send("GET", "/v1/logs?lines=2", Optional.of(TOKEN), new byte[0]);
        assertEquals(200, r.status());
        assertEquals(List.of("line 1", "line 2"), Json.reader(Wire.LogsResponse.class)
                .<Wire.LogsResponse>readValue(r.body()).lines());
    }

    @Test
    void everyEndpointButHealthyNeedsTheToken() throws Exception {
        for (String[] e : new String[][] {{"GET", "/v1/status"}, {"GET", "/v1/logs"}, {"POST", "/v1/update"},
                {"POST", "/v1/reboot"}, {"POST", "/v1/mark-good"}, {"POST", "/v1/install"},
                {"GET", "/v1/install?id=1"}}) {
            var r = tcp(e[0], e[1], Optional.empty(), "");
            assertEquals(401, r.statusCode(), e[1]);
            assertEquals("{\"error\":\"missing or wrong bearer token\"}", r.body());
            assertEquals(401, tcp(e[0], e[1], Optional.of(TOKEN + "x"), "").statusCode(), e[1]);
        }
        assertEquals(List.of(), service.calls, "nothing ran without the token");
        var healthy = tcp("GET", "/v1/healthy", Optional.empty(), "");
        assertEquals(200, healthy.statusCode());
        service.healthy = false;
        var unhealthy = tcp("GET", "/v1/healthy", Optional.empty(), "");
        assertEquals(503, unhealthy.statusCode());
        assertTrue(unhealthy.body().contains("app check failed"), unhealthy.body());
    }

    @Test
    void installTakesASourceAndIsFollowedByNumber() throws Exception {
        var started = tcp("POST", "/v1/install", Optional.of(TOKEN), "{\"source\": \"/data/os-2.0.0.twb\", \"x\": 1}");
        assertEquals(202, started.statusCode());
        assertEquals("{\"id\":7,\"message\":\"installing /data/os-2.0.0.twb\"}", started.body());
        var run = tcp("GET", "/v1/install?id=7&after=3&wait=2", Optional.of(TOKEN), "");
        assertEquals(200, run.statusCode());
        assertEquals("{\"id\":7,\"source\":\"/data/x.twb\",\"result\":\"running\",\"events\":[],\"next\":3}",
                run.body());
        assertEquals(List.of("install: /data/os-2.0.0.twb", "install 7 after 3 wait 2"), service.calls);

        for (String bad : new String[] {"", "[]", "{}", "{\"source\": 7}", "{\"source\": \"\"}",
                "{\"source\": \"relative/os.twb\"}", "{\"source\": \"ftp://host/os.twb\"}",
                "{\"source\": \"/data/a\\nb\"}", "{\"source\": \"/" + "x".repeat(4096) + "\"}", "{\"source\""}) {
            var r = tcp("POST", "/v1/install", Optional.of(TOKEN), bad);
            assertEquals(400, r.statusCode(), bad);
            assertTrue(r.body().startsWith("{\"error\":\"") && !r.body().contains("\\n\","), r.body());
        }
        for (String bad : new String[] {"/v1/install", "/v1/install?id=x", "/v1/install?id=1&wait=11",
                "/v1/install?id=1&after=-1", "/v1/install?id=1234567890123456789"}) {
            assertEquals(400, tcp("GET", bad, Optional.of(TOKEN), "").statusCode(), bad);
        }
        assertEquals(405, tcp("PUT", "/v1/install", Optional.of(TOKEN), "").statusCode());
        assertEquals(2, service.calls.size(), "no refused request reached the service");
    }

    @Test
    void errorsFollowTheTable() throws Exception {
        assertEquals(404, tcp("GET", "/v2/status", Optional.of(TOKEN), "").statusCode());
        assertEquals(405, tcp("DELETE", "/v1/status", Optional.of(TOKEN), "").statusCode());
        assertEquals(400, tcp("GET", "/v1/logs?lines=0", Optional.of(TOKEN), "").statusCode());
        assertEquals(400, tcp("POST", "/v1/reboot", Optional.of(TOKEN), "not json").statusCode());
        service.refuseMarkGood = true;
        var conflict = tcp("POST", "/v1/mark-good", Optional.of(TOKEN), "");
        assertEquals(409, conflict.statusCode());
        assertEquals("{\"error\":\"the assessment is still running\"}", conflict.body());
    }

    @Test
    void aClientThatStallsGetsATimeoutAndTheServerStaysUp() throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap("GET /v1/status HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII)));
            InputStream in = Channels.newInputStream(ch);
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        }
        assertEquals(200, tcp("GET", "/v1/status", Optional.of(TOKEN), "").statusCode());
    }

    @Test
    void garbageGetsA400() throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(new byte[] {0x16, 0x03, 0x01, 0x00, 0x10}));
            String answer = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        }
    }

    @Test
    void aSecondServerOnTheSameSocketIsRefusedAndAStaleSocketReplaced() throws Exception {
        IOException e = assertThrows(IOException.class, () -> ApiServer.start(Optional.empty(), Optional.of(socket),
                new ApiRoutes(service, null), Duration.ofSeconds(1), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("another process is serving"), e.getMessage());

        Path stale = dir.resolve("stale.sock");
        SocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(stale)).close();
        assertTrue(Files.exists(stale));
        ApiServer.start(Optional.empty(), Optional.of(stale), new ApiRoutes(service, null), Duration.ofSeconds(1),
                Clock.systemUTC()).close();

        Path regular = Files.writeString(dir.resolve("not-a-socket"), "x");
        IOException e2 = assertThrows(IOException.class, () -> ApiServer.start(Optional.empty(), Optional.of(regular),
                new ApiRoutes(service, null), Duration.ofSeconds(1), Clock.systemUTC()));
        assertTrue(e2.getMessage().contains("is not a socket"), e2.getMessage());
    }

    @Test
    void theSocketIsForItsOwnerOnly() throws IOException {
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(socket)));
    }

    /** A device service that answers from fixed values and records what it was asked to do. */
    static final class RecordingService implements DeviceService {
        final List<String> calls = new ArrayList<>();
        volatile boolean healthy = true;
        volatile boolean refuseMarkGood;

        @Override
        public Wire.StatusResponse status() {
            return new Wire.StatusResponse(Wire.StatusResponse.FROM_DAEMON, Optional.of("A"), Optional.of("A"),
                    Optional.of("1.0.0"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), Optional.empty(), Optional.empty(), List.of(), List.of());
        }

        @Override
        public Wire.LogsResponse logs(int lines) {
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= lines; i++) {
                out.add("line " + i);
            }
            return new Wire.LogsResponse(out);
        }

        @Override
        public Wire.MessageResponse checkForUpdate() {
            calls.add("update");
            return new Wire.MessageResponse("checking");
        }

        @Override
        public Wire.MessageResponse reboot(String reason) {
            calls.add("reboot: " + reason);
            return new Wire.MessageResponse("rebooting");
        }

        @Override
        public Wire.MessageResponse markGood() throws ApiException {
            if (refuseMarkGood) {
                throw new ApiException(ErrorKind.CONFLICT, "the assessment is still running");
            }
            calls.add("mark-good");
            return new Wire.MessageResponse("marked good");
        }

        @Override
        public Wire.InstallStarted install(String source) {
            calls.add("install: " + source);
            return new Wire.InstallStarted(7, "installing " + source);
        }

        @Override
        public Wire.InstallRun install(long id, long after, Duration wait) {
            calls.add("install " + id + " after " + after + " wait " + wait.toSeconds());
            return new Wire.InstallRun(id, "/data/x.twb", Wire.InstallRun.RUNNING, Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of(), after);
        }

        @Override
        public Wire.HealthyResponse healthy() {
            return new Wire.HealthyResponse(healthy, healthy ? List.of() : List.of("app check failed"));
        }
    }
}
