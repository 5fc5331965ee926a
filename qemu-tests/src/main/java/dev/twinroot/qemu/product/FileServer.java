package dev.twinroot.qemu.product;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The update server of a scenario: a real HTTP/1.1 server on the host's loopback serving named files and
 * directories (a channel), with {@code Range: bytes=N-} support (the updater resumes downloads with it). It counts
 * the body bytes it sent per file, so a scenario can show how much an update really downloaded, and the requests
 * per path, answered or not; it can drop a connection once after a number of body bytes to cut the network in the
 * middle of a download.
 */
public final class FileServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,19})-");
    /** A file name, or one component of a path below a served directory: no {@code .}, {@code ..} or empty part. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "file-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, Path> directories = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, Long> dropOnceAfter = new ConcurrentHashMap<>();

    public FileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code file} as {@code /name}; returns the URL the guest uses. */
    public String serve(String name, Path file) {
        requirePlain(name);
        files.put(name, file);
        return "http://" + dev.twinroot.qemu.QemuMachine.HTTP_GUEST_ADDRESS + "/" + name;
    }

    /**
     * Serves the regular files below {@code directory} as {@code /name/PATH} (a channel directory, as any static web
     * server would); returns the URL of the directory, ending in a slash. Counters are kept per path,
     * {@code name/PATH}.
     */
    public String serveDirectory(String name, Path directory) {
        requirePlain(name);
        directories.put(name, directory);
        return "http://" + dev.twinroot.qemu.QemuMachine.HTTP_GUEST_ADDRESS + "/" + name + "/";
    }

    private static void requirePlain(String name) {
        if (!PLAIN.matcher(name).matches()) {
            throw new IllegalArgumentException("file name must be plain, found '" + name + "'");
        }
    }

    /** The next response for {@code name} stops (the connection is closed) after this many body bytes. */
    public void dropOnceAfter(String name, long bytes) {
        dropOnceAfter.put(name, bytes);
    }

    /** Body bytes sent for {@code name} so far, over all requests. */
    public long bytesSent(String name) {
        return sent.computeIfAbsent(name, n -> new AtomicLong()).get();
    }

    /** Requests for {@code name} so far, those answered 404 included. */
    public long requests(String name) {
        return requests.computeIfAbsent(name, n -> new AtomicLong()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring(1);
            requests.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
            Path file = find(name).orElse(null);
            if (file == null || !exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(file == null ? 404 : 405, -1);
                return;
            }
            long size = Files.size(file);
            long from = 0;
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null) {
                Matcher m = RANGE.matcher(range.strip());
                if (!m.matches() || Long.parseLong(m.group(1)) >= size) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                from = Long.parseLong(m.group(1));
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
            }
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            exchange.getResponseHeaders().set("ETag", "\"" + Long.toHexString(Files.getLastModifiedTime(file).toMillis())
                    + "-" + Long.toHexString(size) + "\"");
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            long length = size - from;
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(range != null ? 206 : 200, -1);
                return;
            }
            exchange.sendResponseHeaders(range != null ? 206 : 200, length == 0 ? -1 : length);
            Long drop = dropOnceAfter.remove(name);
            long limit = drop == null ? length : Math.min(length, drop);
            AtomicLong counter = sent.computeIfAbsent(name, n -> new AtomicLong());
            try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                in.skipNBytes(from);
                byte[] buffer = new byte[64 * 1024];
                long done = 0;
                while (done < limit) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - done));
                    if (n < 0) {
                        break;
                    }
                    // Counted before the write: a client that has the bytes must find them counted.
                    counter.addAndGet(n);
                    out.write(buffer, 0, n);
                    done += n;
                }
                if (done < length) {
                    // Closing the exchange before the promised length makes the server drop the connection.
                    throw new IOException("dropped on purpose after " + done + " bytes");
                }
            }
        }
    }

    /** The file served as {@code name}: a named file, or a regular file really below a served directory. */
    private Optional<Path> find(String name) throws IOException {
        Path file = files.get(name);
        if (file != null) {
            return Optional.of(file);
        }
        String[] parts = name.split("/", -1);
        Path dir = directories.get(parts[0]);
        if (dir == null || parts.length < 2) {
            return Optional.empty();
        }
        Path p = dir;
        for (int i = 1; i < parts.length; i++) {
            if (!PLAIN.matcher(parts[i]).matches()) {
                return Optional.empty();
            }
            p = p.resolve(parts[i]);
        }
        // No symlink on the way out of the directory either.
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && p.toRealPath().startsWith(dir.toRealPath())
                ? Optional.of(p) : Optional.empty();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
