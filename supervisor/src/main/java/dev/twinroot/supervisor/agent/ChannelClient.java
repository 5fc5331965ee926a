package dev.twinroot.supervisor.agent;

import dev.twinroot.updater.http.DeferredTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches small files from a channel (the index and its signature) over {@link HttpClient}. A transfer is
 * bounded three ways: the connection must open within {@code connectTimeout}, the whole response must arrive
 * within {@code readTimeout} (a server that stalls after the headers is cut off too), and the body may not
 * exceed the caller's cap, checked as bytes arrive, not after.
 *
 * <p>The HttpClient is built per fetch: a device polls rarely, and an idle client keeps a selector thread.
 */
public final class ChannelClient {

    private final Duration connectTimeout;
    private final Duration readTimeout;

    public ChannelClient(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    public byte[] fetch(URI uri, int maxBytes) throws ChannelException {
        // TLS set up only for an https channel (DeferredTls): a check over plain http loads none of it.
        HttpClient client = DeferredTls.httpClient()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(readTimeout).GET()
                .header("Accept", "application/json, application/octet-stream").build();
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> new Capped(uri, maxBytes, info.statusCode()));
        try {
            HttpResponse<byte[]> response = future.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                throw new ChannelException("GET " + uri + ": HTTP " + response.statusCode());
            }
            return response.body();
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ChannelException("GET " + uri + ": no complete answer within " + seconds(readTimeout) + " s");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ChannelException("GET " + uri + ": interrupted", e);
        } catch (ExecutionException e) {
            throw failure(uri, e.getCause());
        }
    }

    private ChannelException failure(URI uri, Throwable cause) {
        if (cause instanceof ChannelException c) {
            return c;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new ChannelException("GET " + uri + ": no connection within " + seconds(connectTimeout) + " s", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ChannelException("GET " + uri + ": no answer within " + seconds(readTimeout) + " s", cause);
        }
        if (cause instanceof ConnectException) {
            return new ChannelException("GET " + uri + ": connection refused or unreachable", cause);
        }
        if (cause instanceof IOException) {
            String m = cause.getMessage();
            return new ChannelException("GET " + uri + ": " + (m == null ? cause.getClass().getSimpleName() : m), cause);
        }
        return new ChannelException("GET " + uri + ": " + cause, cause);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0);
    }

    /** Collects a body, failing as soon as it grows past the cap. Error bodies are read only to be dropped. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final URI uri;
        private final int max;
        private final boolean keep;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private long received;
        private Flow.Subscription subscription;

        Capped(URI uri, int max, int status) {
            this.uri = uri;
            this.max = max;
            this.keep = status == 200;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                received += b.remaining();
                if (received > max) {
                    subscription.cancel();
                    result.completeExceptionally(new ChannelException("GET " + uri + ": more than " + max
                            + " bytes, the most a channel file may have"));
                    return;
                }
                if (keep) {
                    byte[] chunk = new byte[b.remaining()];
                    b.get(chunk);
                    out.write(chunk, 0, chunk.length);
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
