package dev.twinroot.supervisor.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpRequestParserTest {

    static Optional<HttpRequest> parse(String s) throws HttpProtocolException {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return HttpRequestParser.parse(b, b.length);
    }

    static ErrorKind rejected(String s) {
        return assertThrows(HttpProtocolException.class, () -> parse(s)).kind();
    }

    @Test
    void parsesWhatCurlSends() throws Exception {
        HttpRequest r = parse("POST /v1/reboot?lines=5&x=a%20b HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/7.88.1\r\n"
                + "Accept: */*\r\nAuthorization: Bearer abc\r\nContent-Length: 17\r\n\r\n{\"reason\":\"test\"}").orElseThrow();
        assertEquals("POST", r.method());
        assertEquals("/v1/reboot", r.path());
        assertEquals(Map.of("lines", "5", "x", "a b"), r.query());
        assertEquals(Optional.of("Bearer abc"), r.header("authorization"));
        assertArrayEquals("{\"reason\":\"test\"}".getBytes(StandardCharsets.US_ASCII), r.body());
    }

    @Test
    void waitsForTheRestOfTheHeadAndBody() throws Exception {
        assertEquals(Optional.empty(), parse("GET /v1/status HTTP/1.1\r\nHost: x\r\n"));
        assertEquals(Optional.empty(), parse("POST /v1/reboot HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab"));
        assertEquals(Optional.empty(), parse(""));
        assertEquals(Optional.empty(), parse("GE"));
    }

    @Test
    void rejectsWhatAStrictServerShould() {
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET /v1/status HTTP/1.1\nHost: x\n\n\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET /v1/status HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET /v1/status HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET /v1/status HTTP/1.1\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET  /v1/status HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET http://x/v1/status HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("get /v1/status HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("\u0016\u0003\u0001\u0002\u0000"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET /v1/status HTTP/1.1\r\nHost: x\u0000y\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET /v1/status HTTP/1.1\r\nHost: \u00e9\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET /v1/status HTTP/1.1\r\nHo st: x\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET /v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET /v1/logs?lines=%zz HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(ErrorKind.VERSION_NOT_SUPPORTED, rejected("GET /v1/status HTTP/2.0\r\nHost: x\r\n\r\n"));
        assertEquals(ErrorKind.NOT_IMPLEMENTED,
                rejected("POST /v1/reboot HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertEquals(ErrorKind.PAYLOAD_TOO_LARGE,
                rejected("POST /v1/reboot HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n"));
    }

    @Test
    void capsTheHead() {
        String big = "GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(HttpRequestParser.MAX_HEAD);
        assertEquals(ErrorKind.HEADERS_TOO_LARGE, rejected(big));
        StringBuilder many = new StringBuilder("GET /v1/status HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < HttpRequestParser.MAX_HEADERS + 1; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertEquals(ErrorKind.HEADERS_TOO_LARGE, rejected(many.append("\r\n").toString()));
        assertEquals(ErrorKind.BAD_REQUEST, rejected("GET /" + "a".repeat(HttpRequestParser.MAX_TARGET) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    }

    /** Valid requests, cut anywhere, are incomplete until their last byte and then parse to the same request. */
    @Test
    void anyPrefixOfAValidRequestIsIncomplete() throws Exception {
        Random random = new Random(20261128);
        for (int iteration = 0; iteration < 2000; iteration++) {
            String method = random.nextBoolean() ? "GET" : "POST";
            String path = "/v1/" + word(random, 1 + random.nextInt(12));
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
            int headers = random.nextInt(10);
            for (int i = 0; i < headers; i++) {
                head.append("X-").append(word(random, 5)).append(i).append(":  ").append(word(random, random.nextInt(40)))
                        .append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            byte[] whole = concat(head.toString().getBytes(StandardCharsets.US_ASCII), body);
            HttpRequest r = HttpRequestParser.parse(whole, whole.length).orElseThrow();
            assertEquals(method, r.method());
            assertEquals(path, r.path());
            assertArrayEquals(body, r.body());
            int cut = random.nextInt(whole.length);
            assertEquals(Optional.empty(), HttpRequestParser.parse(Arrays.copyOf(whole, cut), cut), "cut at " + cut);
        }
    }

    /** Valid requests with random bytes changed: a request, more-bytes, or a protocol error, never anything else. */
    @Test
    void mutatedRequestsNeverEscapeTheParser() {
        Random random = new Random(42);
        byte[] seed = ("POST /v1/reboot?lines=3 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer x\r\n"
                + "Content-Length: 12\r\n\r\n{\"reason\":1}").getBytes(StandardCharsets.US_ASCII);
        int outcomes = 0;
        for (int iteration = 0; iteration < 20000; iteration++) {
            byte[] b = seed.clone();
            int changes = 1 + random.nextInt(4);
            for (int i = 0; i < changes; i++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            int len = random.nextInt(b.length + 1);
            try {
                HttpRequestParser.parse(b, len);
                outcomes++;
            } catch (HttpProtocolException e) {
                assertTrue(e.kind().status() >= 400, e.getMessage());
                assertTrue(e.getMessage().length() < 200, "messages stay short and never quote the input");
            }
        }
        assertTrue(outcomes > 0);
    }

    private static String word(Random random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
