package dev.twinroot.supervisor.api;

import dev.twinroot.supervisor.SupervisorException;
import dev.twinroot.supervisor.watchdog.Liveness;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves {@link ApiRoutes} on 127.0.0.1 and on a Unix socket with the same small HTTP/1.1 implementation
 * ({@link HttpRequestParser}): one request per connection, each read and written under a deadline.
 *
 * <p>Threads: one acceptor for all listeners, and at most {@link #WORKERS} workers, started on demand and
 * stopped when idle. The JDK's HTTP server was not used for the TCP side: it cannot serve a Unix socket, and
 * one implementation for both sides is one thing to fuzz and to keep small.
 */
public final class ApiServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
    static final int WORKERS = 2;
    static final int QUEUE = 16;

    private final List<ServerSocketChannel> listeners;
    private final Optional<Path> socketPath;
    private final Selector selector;
    private final ApiRoutes routes;
    private final Duration requestTimeout;
    private final InstantSource clock;
    private final ThreadPoolExecutor workers;
    private final Map<Thread, Instant> inFlight = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private ApiServer(List<ServerSocketChannel> listeners, Optional<Path> socketPath, ApiRoutes routes,
                      Duration requestTimeout, InstantSource clock) throws IOException {
        this.listeners = listeners;
        this.socketPath = socketPath;
        this.routes = routes;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.selector = Selector.open();
        for (ServerSocketChannel l : listeners) {
            l.configureBlocking(false);
            l.register(selector, SelectionKey.OP_ACCEPT);
        }
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "api-worker");
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::acceptLoop, "api-acceptor");
        acceptor.setDaemon(true);
    }

    /**
     * Listens on 127.0.0.1:{@code tcpPort} (0 picks a free port) if present, and on {@code unixSocket} if
     * present, replacing a stale socket file left by a supervisor that died.
     */
    public static ApiServer start(Optional<Integer> tcpPort, Optional<Path> unixSocket, ApiRoutes routes,
                                  Duration requestTimeout, InstantSource clock) throws IOException {
        List<ServerSocketChannel> listeners = new ArrayList<>();
        try {
            if (tcpPort.isPresent()) {
                ServerSocketChannel tcp = ServerSocketChannel.open();
                listeners.add(tcp);
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort.get()));
            }
            if (unixSocket.isPresent()) {
                Path path = unixSocket.get();
                removeStaleSocket(path);
                Files.createDirectories(path.toAbsolutePath().getParent());
                ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                listeners.add(unix);
                unix.bind(UnixDomainSocketAddress.of(path));
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            }
            ApiServer server = new ApiServer(listeners, unixSocket, routes, requestTimeout, clock);
            server.acceptor.start();
            return server;
        } catch (IOException e) {
            closeAll(listeners);
            throw e instanceof SupervisorException ? e : new SupervisorException("API: cannot listen: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(listeners);
            throw e;
        }
    }

    private static void closeAll(List<ServerSocketChannel> listeners) throws IOException {
        for (ServerSocketChannel l : listeners) {
            l.close();
        }
    }

    public Optional<Integer> tcpPort() {
        for (ServerSocketChannel l : listeners) {
            try {
                if (l.getLocalAddress() instanceof InetSocketAddress a) {
                    return Optional.of(a.getPort());
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Alive while the acceptor runs and no request has been in a worker longer than {@code maxRequest}. */
    public Liveness liveness(Duration maxRequest) {
        return new Liveness() {
            @Override
            public String name() {
                return "api";
            }

            @Override
            public Optional<String> problem(Instant now) {
                if (!acceptor.isAlive()) {
                    return Optional.of("api: the acceptor thread has stopped");
                }
                for (Instant started : inFlight.values()) {
                    if (Duration.between(started, now).compareTo(maxRequest) > 0) {
                        return Optional.of("api: a request has run for more than " + maxRequest.toSeconds() + " s");
                    }
                }
                return Optional.empty();
            }
        };
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ServerSocketChannel l : listeners) {
            l.close();
        }
        selector.close();
        workers.shutdownNow();
        if (socketPath.isPresent()) {
            Files.deleteIfExists(socketPath.get());
        }
    }

    private void acceptLoop() {
        try {
            while (!closed) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isAcceptable()) {
                        SocketChannel ch = ((ServerSocketChannel) key.channel()).accept();
                        if (ch != null) {
                            dispatch(ch);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (ClosedSelectorException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.SEVERE, "API acceptor stopped", e);
            }
        }
    }

    private void dispatch(SocketChannel ch) throws IOException {
        try {
            workers.execute(() -> serve(ch));
        } catch (RejectedExecutionException e) {
            LOG.warning("API: too many requests at once; dropping a connection");
            ch.close();
        }
    }

    private void serve(SocketChannel ch) {
        inFlight.put(Thread.currentThread(), clock.instant());
        try (ch; Selector sel = Selector.open()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(sel, SelectionKey.OP_READ);
            long deadline = System.nanoTime() + requestTimeout.toNanos();
            Optional<HttpResponse> response = read(ch, sel, deadline);
            if (response.isPresent()) {
                key.interestOps(SelectionKey.OP_WRITE);
                write(ch, sel, ByteBuffer.wrap(response.get().encode()), System.nanoTime() + requestTimeout.toNanos());
            }
        } catch (IOException e) {
            LOG.fine(() -> "API connection: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "API connection: internal error", e);
        } finally {
            inFlight.remove(Thread.currentThread());
        }
    }

    /** Reads and answers one request; empty when the client left before sending a whole one. */
    private Optional<HttpResponse> read(SocketChannel ch, Selector sel, long deadline) throws IOException {
        byte[] buf = new byte[HttpRequestParser.MAX_HEAD + HttpRequestParser.MAX_BODY];
        int len = 0;
        try {
            while (true) {
                Optional<HttpRequest> request = HttpRequestParser.parse(buf, len);
                if (request.isPresent()) {
                    return Optional.of(routes.handle(request.get()));
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return Optional.of(HttpResponse.error(ErrorKind.REQUEST_TIMEOUT,
                            "no complete request within " + requestTimeout.toSeconds() + " s"));
                }
                sel.select(left);
                sel.selectedKeys().clear();
                int n = ch.read(ByteBuffer.wrap(buf, len, buf.length - len));
                if (n < 0) {
                    return Optional.empty();
                }
                len += n;
            }
        } catch (HttpProtocolException e) {
            return Optional.of(HttpResponse.error(e.kind(), e.getMessage()));
        }
    }

    private static void write(SocketChannel ch, Selector sel, ByteBuffer out, long deadline) throws IOException {
        while (out.hasRemaining()) {
            ch.write(out);
            if (!out.hasRemaining()) {
                break;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new IOException("client did not read the response in time");
            }
            sel.select(left);
            sel.selectedKeys().clear();
        }
    }

    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0170000) != 0140000) {
            throw new SupervisorException(path + ": exists and is not a socket; refusing to replace it");
        }
        boolean served;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            served = probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            served = false; // nobody listens: a socket file left by a supervisor that died
        }
        if (served) {
            throw new SupervisorException(path + ": another process is serving on this socket");
        }
        Files.delete(path);
    }
}
