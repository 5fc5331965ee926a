package dev.twinroot.supervisor.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A strict HTTP/1.1 request parser for the API's Unix socket, which the JDK's HTTP server cannot serve.
 * Strict because a local API has well-behaved clients (curl, twinrootctl) and anything unusual is more likely
 * an attack or a bug: CRLF line ends only, no header folding, no duplicate headers, no Transfer-Encoding, a
 * Content-Length body only, ASCII only, and small caps on everything. One request per connection.
 *
 * <p>Any byte string gives a request, "need more bytes", or an {@link HttpProtocolException}; nothing else.
 */
public final class HttpRequestParser {

    public static final int MAX_HEAD = 8192;
    public static final int MAX_BODY = 64 * 1024;
    static final int MAX_HEADERS = 64;
    static final int MAX_TARGET = 1024;
    static final int MAX_QUERY_PARAMETERS = 32;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    private HttpRequestParser() {
    }

    /**
     * Parses the first {@code length} bytes of {@code buf}: a complete request, or empty if more bytes are
     * needed. Bytes after the request (a pipelined second request) are ignored: the server answers one request
     * and closes.
     */
    public static Optional<HttpRequest> parse(byte[] buf, int length) throws HttpProtocolException {
        if (length < 0 || length > buf.length) {
            throw new IllegalArgumentException("length " + length + " outside the buffer of " + buf.length);
        }
        try {
            return parseChecked(buf, length);
        } catch (HttpProtocolException e) {
            throw e;
        } catch (RuntimeException e) {
            // Last resort: a bug here must still end as a 400, never kill the connection thread.
            throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "malformed request (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Optional<HttpRequest> parseChecked(byte[] buf, int length) throws HttpProtocolException {
        int headEnd = indexOf(buf, Math.min(length, MAX_HEAD), END_OF_HEAD);
        if (headEnd < 0) {
            if (length >= MAX_HEAD) {
                throw new HttpProtocolException(ErrorKind.HEADERS_TOO_LARGE,
                        "request head: no end within " + MAX_HEAD + " bytes");
            }
            checkPrefix(buf, length);
            return Optional.empty();
        }
        String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            checkLineBytes(lines[i], i);
        }
        String[] requestLine = requestLine(lines[0]);
        Map<String, String> headers = headers(lines);
        if (requestLine[2].equals("HTTP/1.1") && !headers.containsKey("host")) {
            throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "request head: HTTP/1.1 requires a Host header");
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new HttpProtocolException(ErrorKind.NOT_IMPLEMENTED,
                    "request head: Transfer-Encoding is not supported; send a Content-Length body");
        }
        int bodyLength = contentLength(headers);
        int bodyStart = headEnd + END_OF_HEAD.length;
        if (length - bodyStart < bodyLength) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOfRange(buf, bodyStart, Math.addExact(bodyStart, bodyLength));
        String target = requestLine[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : query(target.substring(q + 1));
        return Optional.of(new HttpRequest(requestLine[0], path, query, headers, body));
    }

    /** Rejects garbage early instead of waiting for 8 KiB of it: the start must look like a method. */
    private static void checkPrefix(byte[] buf, int length) throws HttpProtocolException {
        for (int i = 0; i < length; i++) {
            byte b = buf[i];
            if (b == ' ') {
                if (i == 0) {
                    throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "request line: empty method");
                }
                return;
            }
            if (b < 'A' || b > 'Z' || i >= 16) {
                throw new HttpProtocolException(ErrorKind.BAD_REQUEST,
                        "request line: expected a method of 1 to 16 capital letters at offset " + i);
            }
        }
    }

    private static void checkLineBytes(String line, int lineNo) throws HttpProtocolException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new HttpProtocolException(ErrorKind.BAD_REQUEST,
                        "request head: line " + (lineNo + 1) + ": bare CR or LF at column " + (i + 1));
            }
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                throw new HttpProtocolException(ErrorKind.BAD_REQUEST,
                        "request head: line " + (lineNo + 1) + ": byte 0x" + Integer.toHexString(c) + " at column "
                                + (i + 1) + ", expected printable ASCII");
            }
        }
    }

    private static String[] requestLine(String line) throws HttpProtocolException {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) {
            throw new HttpProtocolException(ErrorKind.BAD_REQUEST,
                    "request line: expected METHOD SP TARGET SP VERSION, found " + parts.length + " fields");
        }
        if (!parts[0].matches("[A-Z]{1,16}")) {
            throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "request line: method: expected 1 to 16 capital letters");
        }
        String target = parts[1];
        if (target.isEmpty() || target.charAt(0) != '/' || target.length() > MAX_TARGET || target.contains("\t")) {
            throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "request line: target: expected an absolute path of at most "
                    + MAX_TARGET + " characters, found " + target.length() + " characters");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            ErrorKind kind = parts[2].matches("HTTP/\\d\\.\\d") ? ErrorKind.VERSION_NOT_SUPPORTED : ErrorKind.BAD_REQUEST;
            throw new HttpProtocolException(kind, "request line: version: expected HTTP/1.1 or HTTP/1.0");
        }
        return parts;
    }

    private static Map<String, String> headers(String[] lines) throws HttpProtocolException {
        if (lines.length - 1 > MAX_HEADERS) {
            throw new HttpProtocolException(ErrorKind.HEADERS_TOO_LARGE,
                    "request head: " + (lines.length - 1) + " headers, at most " + MAX_HEADERS);
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "header line " + i + ": expected NAME: VALUE"
                        + (line.startsWith(" ") || line.startsWith("\t") ? " (folded headers are not accepted)" : ""));
            }
            String name = line.substring(0, colon);
            for (int k = 0; k < name.length(); k++) {
                if (!isTokenChar(name.charAt(k))) {
                    throw new HttpProtocolException(ErrorKind.BAD_REQUEST,
                            "header line " + i + ": name: character " + (k + 1) + " is not allowed in a header name");
                }
            }
            String value = line.substring(colon + 1).strip();
            if (headers.put(name.toLowerCase(java.util.Locale.ROOT), value) != null) {
                throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "header line " + i + ": a second " + name + " header");
            }
        }
        return headers;
    }

    private static int contentLength(Map<String, String> headers) throws HttpProtocolException {
        String v = headers.get("content-length");
        if (v == null) {
            return 0;
        }
        if (!v.matches("[0-9]{1,10}")) {
            throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "Content-Length: expected a decimal number");
        }
        long n = Long.parseLong(v);
        if (n > MAX_BODY) {
            throw new HttpProtocolException(ErrorKind.PAYLOAD_TOO_LARGE,
                    "Content-Length: " + n + " bytes, at most " + MAX_BODY + " accepted");
        }
        return (int) n;
    }

    private static Map<String, String> query(String text) throws HttpProtocolException {
        Map<String, String> out = new HashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        String[] pairs = text.split("&", -1);
        if (pairs.length > MAX_QUERY_PARAMETERS) {
            throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "query: " + pairs.length + " parameters, at most "
                    + MAX_QUERY_PARAMETERS);
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.put(key, value) != null) {
                throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "query: parameter given twice");
            }
        }
        return out;
    }

    /** Percent-decoding to UTF-8; '+' is a space, as in forms. */
    private static String decode(String s) throws HttpProtocolException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new HttpProtocolException(ErrorKind.BAD_REQUEST, "query: '%' not followed by two hex digits");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                out.write(c == '+' ? ' ' : c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static int indexOf(byte[] buf, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
