package dev.twinroot.updater.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One payload's content, decompressed: the slot image for a full payload, the delta for a delta payload.
 * Bytes are hashed as they stream; a mismatch fails the read where it is detected, and end of stream (-1) is
 * only returned once the stored bytes' size and SHA-256 matched, and for a full payload the image's too.
 *
 * <p>A slot write is complete only when {@link #finish()} (or {@link #writeTo}) returned a
 * {@link VerifiedPayload}. Bytes already handed out before that are unverified and must not be booted.
 */
public final class PayloadStream extends InputStream {

    private static final int BUFFER = 64 * 1024;

    private final int index;
    private final Payload payload;
    private final SourceStream source;
    private final VerifyingInputStream stored;
    private final String what;
    private InputStream decompressed;
    private VerifyingInputStream image;
    private boolean ended;

    PayloadStream(int index, Payload payload, SourceStream source) {
        this.index = index;
        this.payload = payload;
        this.source = source;
        this.what = "payload " + index + " (" + payload.slotClass() + ")";
        StoredPayloadStream raw = new StoredPayloadStream(source, payload.size(), what);
        this.stored = new VerifyingInputStream(raw, payload.size(), payload.sha256(), what + " stored bytes");
    }

    public int index() {
        return index;
    }

    public Payload payload() {
        return payload;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        int n;
        try {
            n = content().read(b, off, len);
        } catch (IOException e) {
            BundleException ours = bundleCause(e);
            if (ours != null) {
                throw ours;
            }
            if (source.caused(e)) {
                throw e;
            }
            if (isMemoryLimit(e)) {
                throw new BundleLimitException(what + ": " + payload.compression().wireName()
                        + " data needs more memory than the limit of " + Compression.XZ_MEMORY_LIMIT_KIB + " KiB");
            }
            throw new PayloadMismatchException(what + ": corrupt " + payload.compression().wireName() + " data", e);
        } catch (RuntimeException e) {
            throw new PayloadMismatchException(what + ": corrupt " + payload.compression().wireName() + " data", e);
        }
        if (n < 0) {
            endOfContent();
            ended = true;
        }
        return n;
    }

    private InputStream content() throws IOException {
        if (decompressed == null) {
            decompressed = payload.compression().decompress(stored);
            image = payload.kind() == PayloadKind.FULL && payload.compression() != Compression.NONE
                    ? new VerifyingInputStream(decompressed, payload.imageSize(), payload.imageSha256(), what + " image")
                    : null;
        }
        return image != null ? image : decompressed;
    }

    /** The decompressor is done: the stored bytes must be exactly used up and match their digest. */
    private void endOfContent() throws IOException {
        byte[] buf = new byte[BUFFER];
        long unused = 0;
        for (int n; (n = stored.read(buf, 0, buf.length)) >= 0; ) {
            unused += n;
        }
        if (unused > 0) {
            throw new PayloadMismatchException(what + ": compressed data ends " + unused
                    + " bytes before the payload's declared size of " + payload.size());
        }
    }

    /** Decompressors may wrap what our own verifying layer threw; unwrap it so callers see the real type. */
    private static BundleException bundleCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BundleException b) {
                return b;
            }
        }
        return null;
    }

    private static boolean isMemoryLimit(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.apache.commons.compress.MemoryLimitException
                    || c instanceof org.tukaani.xz.MemoryLimitException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Confirms the caller consumed the whole payload and every digest matched.
     *
     * @throws IllegalStateException if content is left unread: the caller stopped early, which is a bug
     */
    public VerifiedPayload finish() throws IOException {
        if (!ended) {
            if (read() >= 0) {
                throw new IllegalStateException(what + ": finish() called before the end of the payload");
            }
        }
        return new VerifiedPayload(index, payload);
    }

    /** Copies the whole payload to {@code out} and returns only after every digest matched. */
    public VerifiedPayload writeTo(OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        for (int n; (n = read(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return finish();
    }

    /** Reads and verifies the rest without keeping it: what the reader does to a payload the caller skipped. */
    VerifiedPayload discard() throws IOException {
        byte[] buf = new byte[BUFFER];
        while (read(buf, 0, buf.length) >= 0) {
            // Every byte is still hashed: a skipped payload is verified too.
        }
        return finish();
    }

    @Override
    public void close() {
        // The bundle source belongs to the BundleReader; the next payload or close() there deals with it.
    }
}
