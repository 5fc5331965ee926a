package dev.twinroot.supervisor.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on the loopback that plays a channel, and misbehaves on request: answers an error status,
 * stalls before or after the headers, or drops the connection.
 */
final class ChannelServer implements AutoCloseable {

    sealed interface Behaviour {
    }

    record Serve(byte[] body) implements Behaviour {
    }

    record Status(int code) implements Behaviour {
    }

    /** Accepts the request and never answers. */
    record StallBeforeHeaders() implements Behaviour {
    }

    /** Sends the headers and part of the body, then never the rest. */
    record StallInBody(byte[] body) implements Behaviour {
    }

    /** Closes the connection without a response. */
    record Drop() implements Behaviour {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Behaviour> paths = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    final AtomicInteger requests = new AtomicInteger();

    ChannelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void on(String path, Behaviour b) {
        paths.put(path, b);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        Behaviour b = paths.getOrDefault(ex.getRequestURI().getPath(), new Status(404));
        try (ex) {
            if (b instanceof Serve s) {
                ex.sendResponseHeaders(200, s.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(s.body());
                }
            } else if (b instanceof Status s) {
                ex.sendResponseHeaders(s.code(), -1);
            } else if (b instanceof StallBeforeHeaders) {
                await();
            } else if (b instanceof StallInBody s) {
                ex.sendResponseHeaders(200, s.body().length);
                OutputStream out = ex.getResponseBody();
                out.write(s.body(), 0, s.body().length / 2);
                out.flush();
                await();
            } else if (b instanceof Drop) {
                // Closing the exchange before any response makes the server drop the connection.
                ex.getHttpContext();
            }
        }
    }

    private void await() {
        try {
            released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
