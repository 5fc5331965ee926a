package dev.twinroot.updater.bundle;

/** The bytes are not a well-formed bundle or manifest: bad magic, truncation, a malformed field. */
public class BundleFormatException extends BundleException {

    private static final long serialVersionUID = 1L;

    public BundleFormatException(String message) {
        super(message);
    }

    public BundleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
