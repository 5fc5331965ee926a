package dev.twinroot.updater.bundle;

import java.io.IOException;

/**
 * Root of everything that can be wrong with a bundle. Callers that only report catch this; callers that act
 * catch a subtype: {@link BundleFormatException} (malformed bytes), {@link BundleLimitException} (a declared
 * length over a cap), {@link BundleSignatureException} (not signed by a trusted key),
 * {@link PayloadMismatchException} (payload bytes differ from the manifest), {@link PolicyException} (a valid
 * bundle this device must not install).
 */
public class BundleException extends IOException {

    private static final long serialVersionUID = 1L;

    protected BundleException(String message) {
        super(message);
    }

    protected BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
