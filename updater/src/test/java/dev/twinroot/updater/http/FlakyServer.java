package dev.twinroot.updater.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on loopback serving one file, which misbehaves on purpose: it drops the connection after
 * some body bytes, stalls, ignores Range, answers with an error status, or serves a changed file.
 */
public final class FlakyServer implements AutoCloseable {

    /** What one request gets. */
    public record Behaviour(long dropAfter, long stallAfter, boolean ignoreRange, int status) {
        public static Behaviour normal() {
            return new Behaviour(-1, -1, false, 200);
        }

        public static Behaviour dropAfter(long bytes) {
            return new Behaviour(bytes, -1, false, 200);
        }

        public static Behaviour stallAfter(long bytes) {
            return new Behaviour(-1, bytes, false, 200);
        }

        public static Behaviour ignoringRange() {
            return new Behaviour(-1, -1, true, 200);
        }

        public static Behaviour status(int status) {
            return new Behaviour(-1, -1, false, status);
        }
    }

    /** Where each request asked to start, and its If-Range. */
    public record Request(String range, String ifRange) {}

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Behaviour> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile byte[] content;
    private volatile String etag;
    private volatile int changeAt = -1;
    private volatile byte[] changeTo;

    /** Request i gets {@code script.get(i)}; requests past the script are served normally. */
    public FlakyServer(byte[] content, List<Behaviour> script) throws IOException {
        this.content = content;
        this.etag = "\"v1\"";
        this.script = List.copyOf(script);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/bundle.twb", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bundle.twb");
    }

    public List<Request> requests() {
        return requests;
    }

    /** The file changes on the server: new bytes, new ETag. */
    public void change(byte[] newContent) {
        content = newContent;
        etag = "\"v" + System.nanoTime() + "\"";
    }

    /** Request number {@code index} (0-based) finds the file already replaced by {@code newContent}. */
    public void changeBeforeRequest(int index, byte[] newContent) {
        changeTo = newContent;
        changeAt = index;
    }

    private void handle(HttpExchange ex) throws IOException {
        int index = requests.size();
        if (index == changeAt) {
            change(changeTo);
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        requests.add(new Request(range, ifRange));
        Behaviour b = index < script.size() ? script.get(index) : Behaviour.normal();
        byte[] body = content;
        ex.getResponseHeaders().set("ETag", etag);
        if (b.status() != 200) {
            byte[] text = ("status " + b.status() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(b.status(), text.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(text);
            }
            return;
        }
        long start = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        boolean partial = m != null && m.matches() && !b.ignoreRange() && (ifRange == null || ifRange.equals(etag));
        if (partial) {
            start = Long.parseLong(m.group(1));
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/"
                    + body.length);
            ex.sendResponseHeaders(206, body.length - start);
        } else {
            ex.sendResponseHeaders(200, body.length);
        }
        try (OutputStream out = ex.getResponseBody()) {
            long end = body.length;
            if (b.dropAfter() >= 0) {
                end = Math.min(end, start + b.dropAfter());
            }
            if (b.stallAfter() >= 0) {
                end = Math.min(end, start + b.stallAfter());
            }
            out.write(body, (int) start, (int) (end - start));
            out.flush();
            if (b.stallAfter() >= 0) {
                Thread.sleep(3000);
            }
            if (end < body.length) {
                // Closing a fixed-length body early makes the server drop the connection.
                throw new IOException("dropped on purpose");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
