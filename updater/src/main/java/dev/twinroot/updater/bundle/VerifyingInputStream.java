package dev.twinroot.updater.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Counts and hashes bytes as they pass. Fails on the first byte beyond the declared size, and at end of stream
 * when the size or digest differ; end of stream is only reported to the caller after both matched. A failure
 * is sticky: every later read fails the same way.
 */
final class VerifyingInputStream extends InputStream {

    private final InputStream in;
    private final long expectedSize;
    private final Sha256 expectedSha256;
    private final String what;
    private final MessageDigest digest = Sha256.newDigest();
    private long count;
    private boolean verified;
    private PayloadMismatchException failure;

    VerifyingInputStream(InputStream in, long expectedSize, Sha256 expectedSha256, String what) {
        this.in = in;
        this.expectedSize = expectedSize;
        this.expectedSha256 = expectedSha256;
        this.what = what;
    }

    boolean verified() {
        return verified;
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
        if (failure != null) {
            throw failure;
        }
        if (verified) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            finish();
            return -1;
        }
        if (n > expectedSize - count) {
            throw fail(what + ": more than the declared " + expectedSize + " bytes");
        }
        digest.update(b, off, n);
        count += n;
        return n;
    }

    private void finish() throws PayloadMismatchException {
        if (count != expectedSize) {
            throw fail(what + ": size mismatch: expected " + expectedSize + " bytes, found " + count);
        }
        Sha256 actual = Sha256.digest(digest);
        if (!actual.equals(expectedSha256)) {
            throw fail(what + ": SHA-256 mismatch: expected " + expectedSha256 + ", found " + actual);
        }
        verified = true;
    }

    private PayloadMismatchException fail(String message) {
        failure = new PayloadMismatchException(message);
        return failure;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
