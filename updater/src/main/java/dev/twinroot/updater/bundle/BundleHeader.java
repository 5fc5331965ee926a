package dev.twinroot.updater.bundle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The raw front of a bundle: the exact manifest bytes (what the signatures cover) and the CMS blobs, before
 * anything is verified or interpreted. Immutable: arrays are copied in and out.
 */
public final class BundleHeader {

    private final byte[] manifest;
    private final List<byte[]> signatures;

    public BundleHeader(byte[] manifest, List<byte[]> signatures) {
        this.manifest = manifest.clone();
        List<byte[]> copies = new ArrayList<>(signatures.size());
        for (byte[] s : signatures) {
            copies.add(s.clone());
        }
        this.signatures = Collections.unmodifiableList(copies);
    }

    public byte[] manifest() {
        return manifest.clone();
    }

    public int signatureCount() {
        return signatures.size();
    }

    public byte[] signature(int index) {
        return signatures.get(index).clone();
    }

    public List<byte[]> signatures() {
        List<byte[]> out = new ArrayList<>(signatures.size());
        for (byte[] s : signatures) {
            out.add(s.clone());
        }
        return out;
    }

    /** A copy with one more signature appended: how a fleet adds its next key before retiring the old one. */
    public BundleHeader withSignature(byte[] cms) {
        List<byte[]> more = new ArrayList<>(signatures);
        more.add(cms);
        return new BundleHeader(manifest, more);
    }

    /** Bytes this header occupies in the container; payloads start at this offset. */
    public long encodedLength() {
        long n = BundleFormat.MANIFEST_OFFSET + (long) manifest.length + BundleFormat.LENGTH_FIELD;
        return n + signatureBlockLength();
    }

    long signatureBlockLength() {
        long n = BundleFormat.COUNT_FIELD;
        for (byte[] s : signatures) {
            n += BundleFormat.LENGTH_FIELD + (long) s.length;
        }
        return n;
    }
}
