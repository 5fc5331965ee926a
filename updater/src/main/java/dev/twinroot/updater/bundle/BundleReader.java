package dev.twinroot.updater.bundle;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a bundle front to back from any stream (a file, a pipe, a socket). {@link #open} reads the header and
 * checks the signature before returning, so no payload byte is read, let alone returned, from a bundle that is
 * not signed by a trusted key. Payloads then come one at a time in manifest order, verified as they stream.
 *
 * <pre>{@code
 * try (BundleReader bundle = BundleReader.open(in, new CmsVerifier(keyring, clockPolicy))) {
 *     policy.check(bundle.manifest(), device);
 *     PayloadStream rootfs = bundle.nextPayload().orElseThrow();
 *     VerifiedPayload written = rootfs.writeTo(slotDevice);   // returns only if every hash matched
 * }
 * }</pre>
 */
public final class BundleReader implements Closeable {

    private final SourceStream source;
    private final VerifiedManifest manifest;
    private int next;
    private PayloadStream current;
    private boolean endChecked;

    private BundleReader(SourceStream source, VerifiedManifest manifest) {
        this.source = source;
        this.manifest = manifest;
    }

    public static BundleReader open(InputStream in, ManifestVerifier verifier) throws IOException {
        return open(in, verifier, BundleLimits.DEFAULT);
    }

    /**
     * Reads the header, verifies the signature, then parses the manifest. Reads exactly the header's bytes from
     * {@code in}; closing the reader closes {@code in}.
     */
    public static BundleReader open(InputStream in, ManifestVerifier verifier, BundleLimits limits)
            throws IOException {
        BundleHeader header;
        SignerIdentity signer;
        Manifest manifest;
        try {
            header = new BundleHeaderCodec(limits).read(in);
            // Signature first: the manifest parser only ever sees bytes a trusted key signed.
            signer = verifier.verify(header.manifest(), header.signatures());
            manifest = new ManifestCodec(limits).parse(header.manifest());
        } catch (RuntimeException e) {
            throw new BundleFormatException("bundle header: unexpected " + e.getClass().getSimpleName(), e);
        }
        return new BundleReader(new SourceStream(in, header.encodedLength()), new VerifiedManifest(manifest, signer));
    }

    public VerifiedManifest manifest() {
        return manifest;
    }

    /**
     * The next payload, or empty after the last one once the bundle was checked to end there. An unfinished
     * previous payload is read to its end and verified first.
     */
    public Optional<PayloadStream> nextPayload() throws IOException {
        if (current != null) {
            current.discard();
            current = null;
        }
        List<Payload> payloads = manifest.manifest().payloads();
        if (next == payloads.size()) {
            checkEnd();
            return Optional.empty();
        }
        current = new PayloadStream(next, payloads.get(next), source);
        next++;
        return Optional.of(current);
    }

    /**
     * Reads and verifies the rest of the bundle and checks that it ends there: what {@code bundle verify} does.
     * Returns a proof for the payload in progress, if any, and for each later one.
     */
    public List<VerifiedPayload> verifyRemaining() throws IOException {
        List<VerifiedPayload> done = new ArrayList<>();
        if (current != null) {
            done.add(current.discard());
            current = null;
        }
        for (Optional<PayloadStream> p = nextPayload(); p.isPresent(); p = nextPayload()) {
            done.add(p.get().discard());
            current = null;
        }
        return done;
    }

    private void checkEnd() throws IOException {
        if (endChecked) {
            return;
        }
        long at = source.offset();
        if (source.read() >= 0) {
            throw new BundleFormatException("trailing bytes after the last payload at offset " + at);
        }
        endChecked = true;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
