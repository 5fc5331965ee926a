package dev.twinroot.updater.signing;

import dev.twinroot.updater.bundle.BundleException;

/** Key or certificate files that cannot be used: unreadable PEM, a non-CA certificate in the keyring, a key that does not match its certificate. */
public final class KeyringException extends BundleException {

    private static final long serialVersionUID = 1L;

    public KeyringException(String message) {
        super(message);
    }

    public KeyringException(String message, Throwable cause) {
        super(message, cause);
    }
}
