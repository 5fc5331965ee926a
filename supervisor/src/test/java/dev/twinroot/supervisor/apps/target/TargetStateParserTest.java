package dev.twinroot.supervisor.apps.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.apps.AppsFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TargetStateParserTest {

    static final String D1 = "sha256:" + "a".repeat(64);
    private static final String EDITS = " {}[]\":,0123456789az\\\u0000-/.@";
    static final String D2 = "sha256:" + "b".repeat(64);

    static byte[] example() throws IOException {
        try (InputStream in = TargetStateParserTest.class.getResourceAsStream("example-target.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheDocumentedExample() throws IOException {
        TargetState t = TargetStateParser.parse(example());
        assertEquals("2026.11.28-1", t.release());
        Service web = t.service("web").orElseThrow();
        assertEquals(Optional.of("10.0.2.100:5000"), web.image().registry());
        assertEquals("acme/web", web.image().repository());
        assertEquals(List.of("/bin/httpd", "-f", "-p", "8080", "-h", "/srv"), web.command());
        assertEquals(Map.of("GREETING", "hello"), web.environment());
        assertEquals(List.of(new Volume("db-data", "/srv/db", true)), web.volumes());
        assertEquals(RestartPolicy.ON_FAILURE, web.restart());
        assertEquals(UpdateStrategy.HAND_OVER, web.updateStrategy());
        HealthCommand h = web.healthCheck().orElseThrow();
        assertEquals(Duration.ofSeconds(10), h.interval());
        assertEquals(Duration.ofSeconds(3), h.timeout());
        assertEquals(3, h.retries());
        Service db = t.service("db").orElseThrow();
        assertEquals(RestartPolicy.ALWAYS, db.restart());
        assertEquals(UpdateStrategy.DOWNLOAD_THEN_KILL, db.updateStrategy());
        assertEquals(67108864L, db.limits().memoryBytes().getAsLong());
        assertEquals(List.of("db", "web"), t.startOrder().stream().map(Service::name).toList());
    }

    @Test
    void startOrderPutsDependenciesFirstWhateverTheDocumentOrder() throws AppsFormatException {
        TargetState t = parse("{\"formatVersion\":1,\"release\":\"r1\",\"services\":{"
                + "\"c\":{\"image\":\"x@" + D1 + "\",\"dependsOn\":[\"b\"]},"
                + "\"b\":{\"image\":\"x@" + D1 + "\",\"dependsOn\":[\"a\"]},"
                + "\"a\":{\"image\":\"x@" + D2 + "\"}}}");
        assertEquals(List.of("a", "b", "c"), t.startOrder().stream().map(Service::name).toList());
    }

    @Test
    void refusalsNameTheField() {
        assertRefused("{\"formatVersion\":2,\"release\":\"r\",\"services\":{}}", "formatVersion: expected an integer in 1..1, found 2");
        assertRefused(service("\"image\":\"busybox:latest\""), "services.web.image: expected NAME@sha256:DIGEST");
        assertRefused(service("\"image\":\"x@sha256:abc\""), "services.web.image: expected sha256: and 64 lowercase hex digits");
        assertRefused(service("\"image\":\"x@" + D1 + "\",\"restart\":\"sometimes\""),
                "services.web.restart: expected no, on-failure or always, found \"sometimes\"");
        assertRefused(service("\"image\":\"x@" + D1 + "\",\"restrat\":\"no\""), "services.web: unknown field \"restrat\"");
        assertRefused(service("\"image\":\"x@" + D1 + "\",\"command\":[]"), "services.web.command: expected at least the program");
        assertRefused(service("\"image\":\"x@" + D1 + "\",\"volumes\":[{\"name\":\"v\",\"path\":\"/data/../etc\"}]"),
                "services.web.volumes[0].path: expected an absolute, normalised path");
        assertRefused(service("\"image\":\"x@" + D1 + "\",\"volumes\":[{\"name\":\"../v\",\"path\":\"/data\"}]"),
                "services.web.volumes[0].name: expected");
        assertRefused(service("\"image\":\"x@" + D1 + "\",\"dependsOn\":[\"db\"]"), "services.web.dependsOn: no service named db");
        assertRefused(service("\"image\":\"x@" + D1 + "\",\"limits\":{\"memoryBytes\":1}"),
                "services.web.limits.memoryBytes: expected an integer in");
        assertRefused("{\"formatVersion\":1,\"release\":\"r\",\"services\":{\"a\":{\"image\":\"x@" + D1
                + "\",\"dependsOn\":[\"b\"]},\"b\":{\"image\":\"x@" + D1 + "\",\"dependsOn\":[\"a\"]}}}",
                "services: dependency cycle among a, b");
        assertRefused("{\"formatVersion\":1,\"release\":\"r\",\"services\":{\"a\":{\"image\":\"x@" + D1
                + "\",\"volumes\":[{\"name\":\"v\",\"path\":\"/d\"}]},\"b\":{\"image\":\"x@" + D1
                + "\",\"volumes\":[{\"name\":\"v\",\"path\":\"/d\"}]}}}", "volume v is already writable by service a");
        assertRefused("{\"formatVersion\":1,\"formatVersion\":1}", "target state: not valid JSON at line 1");
        assertRefused("{\"formatVersion\":1} []", "target state: content after the JSON document");
        assertRefused("", "target state: empty document");
    }

    @Test
    void refusesOversizedDocumentsBeforeParsing() {
        byte[] big = new byte[TargetStateParser.MAX_BYTES + 1];
        AppsFormatException e = assertThrows(AppsFormatException.class, () -> TargetStateParser.parse(big));
        assertEquals("target state: " + big.length + " bytes, at most " + TargetStateParser.MAX_BYTES + " allowed",
                e.getMessage());
    }

    @Test
    void refusesMoreServicesThanTheCap() {
        StringBuilder sb = new StringBuilder("{\"formatVersion\":1,\"release\":\"r\",\"services\":{");
        for (int i = 0; i <= TargetStateParser.MAX_SERVICES; i++) {
            sb.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":{\"image\":\"x@").append(D1).append("\"}");
        }
        assertRefused(sb.append("}}").toString(), "services: at most " + TargetStateParser.MAX_SERVICES);
    }

    /** Random edits of a valid document: each gives a state or the one exception, and messages stay short. */
    @Test
    void mutatedDocumentsGiveAStateOrTheFormatException() throws IOException {
        byte[] base = example();
        Random random = new Random(0x7a11);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = base.clone();
            int edits = 1 + random.nextInt(4);
            for (int k = 0; k < edits; k++) {
                b[random.nextInt(b.length)] = (byte) EDITS.charAt(random.nextInt(EDITS.length()));
            }
            try {
                TargetStateParser.parse(b);
            } catch (AppsFormatException e) {
                refused++;
                assertTrue(e.getMessage().length() < 400, e.getMessage());
            }
        }
        assertTrue(refused > 10_000, "most random edits break the document: " + refused);
    }

    /** Random valid documents built in code parse back to what was generated. */
    @Test
    void generatedDocumentsRoundTrip() throws AppsFormatException {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            int n = 1 + random.nextInt(6);
            StringBuilder sb = new StringBuilder("{\"formatVersion\":1,\"release\":\"r" + i + "\",\"services\":{");
            for (int s = 0; s < n; s++) {
                sb.append(s == 0 ? "" : ",").append("\"s").append(s).append("\":{\"image\":\"reg.example:5000/app")
                        .append(s).append("@").append(random.nextBoolean() ? D1 : D2).append("\"");
                if (s > 0 && random.nextBoolean()) {
                    sb.append(",\"dependsOn\":[\"s").append(random.nextInt(s)).append("\"]");
                }
                sb.append(",\"environment\":{\"N\":\"").append(random.nextInt()).append("\"}}");
            }
            TargetState t = TargetStateParser.parse(sb.append("}}").toString().getBytes(StandardCharsets.UTF_8));
            assertEquals(n, t.services().size());
            List<String> order = t.startOrder().stream().map(Service::name).toList();
            for (Service s : t.services().values()) {
                for (String d : s.dependsOn()) {
                    assertTrue(order.indexOf(d) < order.indexOf(s.name()));
                }
                assertEquals("reg.example:5000", s.image().registry().orElseThrow());
            }
        }
    }

    private static TargetState parse(String json) throws AppsFormatException {
        return TargetStateParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String service(String body) {
        return "{\"formatVersion\":1,\"release\":\"r\",\"services\":{\"web\":{" + body + "}}}";
    }

    private static void assertRefused(String json, String expectedStart) {
        AppsFormatException e = assertThrows(AppsFormatException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith(expectedStart) || e.getMessage().contains(expectedStart),
                "expected '" + expectedStart + "' in: " + e.getMessage());
    }
}
