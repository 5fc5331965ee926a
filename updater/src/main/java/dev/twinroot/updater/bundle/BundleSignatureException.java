package dev.twinroot.updater.bundle;

/**
 * The manifest carries no signature that is valid and chains to a trusted CA: a wrong key, a tampered
 * manifest, an untrusted, expired or unsuitable certificate, or a signature block that is not CMS.
 */
public final class BundleSignatureException extends BundleException {

    private static final long serialVersionUID = 1L;

    public BundleSignatureException(String message) {
        super(message);
    }

    public BundleSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
