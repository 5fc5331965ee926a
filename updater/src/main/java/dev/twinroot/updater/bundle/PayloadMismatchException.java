package dev.twinroot.updater.bundle;

/**
 * A payload's bytes differ from what the signed manifest declares (size or SHA-256, stored or decompressed).
 * Whatever was written from this payload must be treated as garbage.
 */
public final class PayloadMismatchException extends BundleException {

    private static final long serialVersionUID = 1L;

    public PayloadMismatchException(String message) {
        super(message);
    }

    public PayloadMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
