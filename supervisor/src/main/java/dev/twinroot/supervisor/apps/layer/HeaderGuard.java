package dev.twinroot.supervisor.apps.layer;

import dev.twinroot.supervisor.apps.AppsFormatException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Sits between the decompressor and the tar reader: hashes and counts every uncompressed byte (for the layer's
 * diff_id and the unpacked-size cap), and while the tar reader is between entries, reading headers, lets it read
 * at most {@code maxHeaderBytes}. Commons Compress reads PAX and GNU long-name headers whole into memory
 * whatever size they declare; this is where a layer with a gigabyte "header" stops.
 */
final class HeaderGuard extends FilterInputStream {

    private final MessageDigest digest;
    private final long maxTotal;
    private long count;
    private long headerLimit = Long.MAX_VALUE;
    private long headerMax;

    HeaderGuard(InputStream in, MessageDigest digest, long maxTotal) {
        super(in);
        this.digest = digest;
        this.maxTotal = maxTotal;
    }

    /** The tar reader is about to read the headers of the next entry: at most {@code max} bytes from here. */
    void headersFollow(long max) {
        headerMax = max;
        headerLimit = Math.addExact(count, max);
    }

    void headersDone() {
        headerLimit = Long.MAX_VALUE;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long allowed = Math.min(headerLimit, maxTotal) - count;
        if (allowed <= 0) {
            if (headerLimit <= maxTotal) {
                throw new AppsFormatException("layer: the headers of one tar entry exceed " + headerMax
                        + " bytes (at uncompressed offset " + count + ")");
            }
            throw new AppsFormatException("layer: more than " + maxTotal + " bytes uncompressed");
        }
        int n = super.read(b, off, (int) Math.min(len, allowed));
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too: read them.
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
