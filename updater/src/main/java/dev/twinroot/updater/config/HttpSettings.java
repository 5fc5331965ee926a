package dev.twinroot.updater.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard a download tries.
 *
 * @param connectTimeout for opening a TCP/TLS connection
 * @param readTimeout longest wait for response headers or for the next bytes of the body
 * @param retries reconnects allowed in a row without a single new byte before the download fails
 * @param backoff wait before the first reconnect; doubled after each failure in a row
 * @param maxBackoff the doubling stops here
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, int retries, Duration backoff,
        Duration maxBackoff) {

    public HttpSettings {
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(readTimeout);
        Objects.requireNonNull(backoff);
        Objects.requireNonNull(maxBackoff);
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP timeouts must be positive");
        }
        if (retries < 0 || retries > 1000) {
            throw new IllegalArgumentException("HTTP retries must be 0-1000, found " + retries);
        }
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("HTTP backoff must be >= 0 and maxBackoff >= backoff");
        }
    }

    public static HttpSettings defaults() {
        return new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), 8, Duration.ofSeconds(1),
                Duration.ofSeconds(60));
    }

    /** Wait before reconnect number {@code attempt} (1-based) of a failure streak. */
    public Duration backoffBefore(int attempt) {
        Duration d = backoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
