package dev.twinroot.supervisor.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A status and a JSON body; {@link #encode} gives the bytes the server writes before closing. */
public record HttpResponse(int status, byte[] body) {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(202, "Accepted"), Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(413, "Content Too Large"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));

    public static HttpResponse json(int status, Object body) {
        return new HttpResponse(status, WireCodec.bytes(body));
    }

    public static HttpResponse error(ErrorKind kind, String message) {
        return json(kind.status(), new Wire.ErrorResponse(message));
    }

    public byte[] encode() {
        String head = "HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Status") + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "Connection: close\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
