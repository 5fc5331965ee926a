package dev.twinroot.updater.http;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read with a timeout per read. HttpClient's own timeout covers only the response headers, and
 * a server that stalls mid-body would otherwise block a read forever. One buffer list is requested at a time,
 * so memory stays bounded by what the client hands over in one piece.
 */
final class TimedBody implements Flow.Subscriber<List<ByteBuffer>> {

    private sealed interface Event permits Data, End, Failure {}

    private record Data(List<ByteBuffer> buffers) implements Event {}

    private record End() implements Event {}

    private record Failure(Throwable cause) implements Event {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Duration timeout;
    private volatile Flow.Subscription subscription;
    private List<ByteBuffer> current = List.of();
    private int currentIndex;
    private boolean ended;

    TimedBody(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        events.add(new Data(item));
    }

    @Override
    public void onError(Throwable throwable) {
        events.add(new Failure(throwable));
    }

    @Override
    public void onComplete() {
        events.add(new End());
    }

    /** Like InputStream.read; throws HttpTimeoutException if no byte came within the timeout. */
    int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            if (ended) {
                return -1;
            }
            while (currentIndex < current.size()) {
                ByteBuffer buf = current.get(currentIndex);
                if (buf.hasRemaining()) {
                    int n = Math.min(len, buf.remaining());
                    buf.get(b, off, n);
                    return n;
                }
                currentIndex++;
            }
            Event e;
            try {
                e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the response body");
            }
            if (e == null) {
                throw new HttpTimeoutException("no body bytes for " + timeout.toMillis() + " ms");
            }
            if (e instanceof Data d) {
                current = d.buffers();
                currentIndex = 0;
                subscription.request(1);
            } else if (e instanceof Failure f) {
                throw f.cause() instanceof IOException io ? io
                        : new IOException("response body failed: " + f.cause(), f.cause());
            } else {
                ended = true;
            }
        }
    }

    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
