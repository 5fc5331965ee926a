package dev.twinroot.updater.bundle;

/** A length or count declared by the bundle exceeds a configured cap; nothing was allocated for it. */
public final class BundleLimitException extends BundleException {

    private static final long serialVersionUID = 1L;

    public BundleLimitException(String message) {
        super(message);
    }
}
