package dev.twinroot.updater.bundle;

import java.io.IOException;
import java.io.InputStream;

/** Exactly one payload's stored bytes from the bundle source: never reads into the next payload. */
final class StoredPayloadStream extends InputStream {

    private final SourceStream source;
    private final String what;
    private long remaining;

    StoredPayloadStream(SourceStream source, long size, String what) {
        this.source = source;
        this.remaining = size;
        this.what = what;
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
        if (remaining == 0) {
            return -1;
        }
        int n = source.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new BundleFormatException("bundle truncated in " + what + " at offset " + source.offset()
                    + ": " + remaining + " more bytes expected");
        }
        remaining -= n;
        return n;
    }

    @Override
    public void close() {
        // The source belongs to the BundleReader.
    }
}
