package dev.twinroot.updater.http;

import dev.twinroot.updater.config.HttpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP(S) file as one continuous stream, whatever happens to the connections under it. When a connection
 * drops, stalls or fails, the download reconnects after a backoff with {@code Range: bytes=N-} where N is the
 * exact offset the reader has reached, and {@code If-Range} with the validator (strong ETag, else
 * Last-Modified) of the first response, so a file that changed on the server is refused instead of spliced. A
 * server that ignores Range but still serves the same file is read from the start again and the bytes already
 * delivered are skipped.
 *
 * <p>{@code retries} counts reconnects in a row that brought no new byte; any progress resets it.
 */
public final class ResumingDownload extends InputStream {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    private final HttpClient client;
    private final URI uri;
    private final HttpSettings settings;
    private final Sleeper sleeper;
    private long position;
    private Optional<String> validator = Optional.empty();
    private OptionalLong length = OptionalLong.empty();
    private TimedBody body;
    private int failuresInARow;
    private int connections;
    private boolean ended;

    public ResumingDownload(HttpClient client, URI uri, HttpSettings settings, Sleeper sleeper) {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("only http and https URLs can be downloaded, found " + scheme);
        }
        this.client = client;
        this.uri = uri;
        this.settings = settings;
        this.sleeper = sleeper;
    }

    /**
     * A client with the settings' connect timeout that follows redirects within http(s). HTTP/1.1 only: the
     * default h2c upgrade attempt on plain http made a real server's 404 look like a dropped connection. Its TLS
     * is set up only if an https connection needs it ({@link DeferredTls}).
     */
    public static HttpClient client(HttpSettings settings) {
        return DeferredTls.httpClient().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Bytes delivered to the reader so far. */
    public long position() {
        return position;
    }

    /** Connections opened so far (1 when nothing went wrong). */
    public int connections() {
        return connections;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            try {
                if (body == null) {
                    body = connect();
                }
                int n = body.read(b, off, len);
                if (n < 0) {
                    if (length.isPresent() && position < length.getAsLong()) {
                        throw new IOException("connection closed at byte " + position + " of "
                                + length.getAsLong());
                    }
                    ended = true;
                    return -1;
                }
                position += n;
                failuresInARow = 0;
                return n;
            } catch (DownloadException e) {
                drop();
                throw e;
            } catch (InterruptedIOException e) {
                drop();
                throw e;
            } catch (IOException e) {
                drop();
                retryAfter(e);
            }
        }
        return -1;
    }

    private void retryAfter(IOException cause) throws IOException {
        failuresInARow++;
        if (failuresInARow > settings.retries()) {
            throw new DownloadException(uri + ": gave up at byte " + position + " after " + settings.retries()
                    + " retries without progress: " + cause.getMessage(), cause);
        }
        try {
            sleeper.sleep(settings.backoffBefore(failuresInARow));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to reconnect to " + uri);
        }
    }

    private TimedBody connect() throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).GET();
        if (position > 0) {
            if (validator.isEmpty()) {
                throw new DownloadException(uri + ": the server sent neither a strong ETag nor Last-Modified, so"
                        + " the download cannot be resumed at byte " + position + " without risking a spliced file");
            }
            request.header("Range", "bytes=" + position + "-").header("If-Range", validator.get());
        }
        TimedBody timed = new TimedBody(settings.readTimeout());
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            connections++;
            // A publisher, not a body subscriber: send() returns with the headers instead of after the body.
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofPublisher());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + uri);
        }
        response.body().subscribe(timed);
        try {
            accept(response, timed);
        } catch (IOException e) {
            timed.cancel();
            throw e;
        }
        return timed;
    }

    private void accept(HttpResponse<?> response, TimedBody timed) throws IOException {
        int status = response.statusCode();
        Optional<String> seen = validatorOf(response);
        if (status == 206 && position > 0) {
            Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
            if (!m.matches() || Long.parseLong(m.group(1)) != position) {
                throw new DownloadException(uri + ": asked for bytes from " + position + ", the server sent range \""
                        + response.headers().firstValue("Content-Range").orElse("") + "\"");
            }
            if (seen.isPresent() && !seen.equals(validator)) {
                throw changed(seen);
            }
            return;
        }
        if (status == 200) {
            if (position == 0) {
                validator = seen;
                length = response.headers().firstValueAsLong("Content-Length");
                return;
            }
            // Either If-Range failed (the file changed) or the server ignores Range.
            if (!seen.equals(validator)) {
                throw changed(seen);
            }
            skip(timed, position);
            return;
        }
        String what = uri + ": HTTP " + status + " at byte " + position;
        if (status >= 500 || status == 408 || status == 429) {
            throw new IOException(what);
        }
        throw new DownloadException(what);
    }

    private ChangedResourceException changed(Optional<String> seen) {
        return new ChangedResourceException(uri + ": the file changed on the server after " + position
                + " bytes were read (validator was " + validator.orElse("none") + ", now " + seen.orElse("none")
                + "); start the download again");
    }

    /** Reads and drops the first {@code count} bytes of a full response that ignored our Range. */
    private static void skip(TimedBody timed, long count) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = count;
        while (left > 0) {
            int n = timed.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("the full response ended after " + (count - left) + " bytes, before the "
                        + count + " already read");
            }
            left -= n;
        }
    }

    /** A strong ETag, else Last-Modified: what If-Range may carry (RFC 9110 13.1.5). */
    private static Optional<String> validatorOf(HttpResponse<?> response) {
        Optional<String> etag = response.headers().firstValue("ETag");
        if (etag.isPresent() && !etag.get().startsWith("W/")) {
            return etag;
        }
        return response.headers().firstValue("Last-Modified");
    }

    private void drop() {
        if (body != null) {
            body.cancel();
            body = null;
        }
    }

    @Override
    public void close() {
        drop();
        ended = true;
    }
}
