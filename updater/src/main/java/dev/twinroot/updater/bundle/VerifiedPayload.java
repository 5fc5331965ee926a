package dev.twinroot.updater.bundle;

/**
 * Proof that every byte of one payload was read and matched the signed manifest: stored size and SHA-256,
 * and for a full payload the decompressed image's size and SHA-256. Only {@link PayloadStream} creates one.
 */
public final class VerifiedPayload {

    private final int index;
    private final Payload payload;

    VerifiedPayload(int index, Payload payload) {
        this.index = index;
        this.payload = payload;
    }

    public int index() {
        return index;
    }

    public Payload payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "payload " + index + " (" + payload.slotClass() + ", " + payload.kind().wireName() + ") verified";
    }
}
