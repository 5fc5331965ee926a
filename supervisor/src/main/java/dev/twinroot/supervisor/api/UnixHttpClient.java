package dev.twinroot.supervisor.api;

import dev.twinroot.supervisor.SupervisorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The client side of the API's Unix socket, for twinrootctl: one request, read the whole answer until the
 * daemon closes, within a deadline and a size cap.
 */
public final class UnixHttpClient {

    static final int MAX_RESPONSE = 4 * 1024 * 1024;

    private final Path socket;
    private final Duration timeout;

    public UnixHttpClient(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    public record Response(int status, byte[] body) {
    }

    public Response send(String method, String path, Optional<String> bearerToken, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        bearerToken.ifPresent(t -> head.append("Authorization: Bearer ").append(t).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);

        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector sel = Selector.open()) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            SelectionKey key = ch.register(sel, SelectionKey.OP_WRITE);
            ByteBuffer out = ByteBuffer.wrap(request.toByteArray());
            while (out.hasRemaining()) {
                ch.write(out);
                if (out.hasRemaining()) {
                    waitFor(sel, deadline);
                }
            }
            key.interestOps(SelectionKey.OP_READ);
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(16384);
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    waitFor(sel, deadline);
                    continue;
                }
                if (in.size() + n > MAX_RESPONSE) {
                    throw new SupervisorException(socket + ": response larger than " + MAX_RESPONSE + " bytes");
                }
                in.write(buf.array(), 0, n);
            }
            return parse(in.toByteArray());
        }
    }

    private void waitFor(Selector sel, long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new ApiTimeoutException(socket + ": no answer within " + timeout.toSeconds() + " s");
        }
        sel.select(left);
        sel.selectedKeys().clear();
    }

    private Response parse(byte[] raw) throws SupervisorException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0 || !text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            throw new SupervisorException(socket + ": not an HTTP response");
        }
        int status;
        try {
            status = Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new SupervisorException(socket + ": response status: expected 3 digits");
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                String v = line.substring(15).strip();
                if (!v.equals(String.valueOf(body.length))) {
                    throw new SupervisorException(socket + ": response body: expected " + v + " bytes, found "
                            + body.length);
                }
            }
        }
        return new Response(status, body);
    }
}
