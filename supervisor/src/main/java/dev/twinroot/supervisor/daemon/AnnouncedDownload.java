package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.agent.ChannelIndex;
import dev.twinroot.updater.bundle.PayloadMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A bundle download checked against what the signed channel index announced for it: fails on the first byte
 * past the announced size, and at end of stream if the size or SHA-256 differ. The bundle's own signature is
 * what makes its content trusted; this catches a server that swapped or truncated the file for another signed
 * one, which the index's signer did not mean. A failure is sticky.
 */
final class AnnouncedDownload extends InputStream {

    private final InputStream in;
    private final ChannelIndex.Artifact announced;
    private final MessageDigest digest;
    private long count;
    private boolean verified;
    private PayloadMismatchException failure;

    AnnouncedDownload(InputStream in, ChannelIndex.Artifact announced) {
        this.in = in;
        this.announced = announced;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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
        if (n > announced.size() - count) {
            throw fail("more than the " + announced.size() + " bytes the channel index announced");
        }
        digest.update(b, off, n);
        count += n;
        return n;
    }

    private void finish() throws PayloadMismatchException {
        if (count != announced.size()) {
            throw fail("ended after " + count + " bytes, the channel index announced " + announced.size());
        }
        String found = HexFormat.of().formatHex(digest.digest());
        if (!found.equals(announced.sha256())) {
            throw fail("SHA-256 is " + found + ", the channel index announced " + announced.sha256());
        }
        verified = true;
    }

    private PayloadMismatchException fail(String what) {
        failure = new PayloadMismatchException("download " + announced.url() + ": " + what);
        return failure;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
