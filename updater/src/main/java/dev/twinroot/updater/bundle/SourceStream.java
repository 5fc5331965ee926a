package dev.twinroot.updater.bundle;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bundle's byte source, counting the offset for error messages and remembering the source's own I/O
 * failures so they are not mistaken for corrupt compressed data.
 */
final class SourceStream extends InputStream {

    private final InputStream in;
    private long offset;
    private IOException lastFailure;

    SourceStream(InputStream in, long offset) {
        this.in = in;
        this.offset = offset;
    }

    long offset() {
        return offset;
    }

    boolean caused(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c == lastFailure) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            lastFailure = e;
            throw e;
        }
        if (n > 0) {
            offset += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
