package dev.twinroot.updater.bundle;

import java.util.List;

/**
 * Decides whether the exact manifest bytes are signed by someone the device trusts. The CMS/X.509
 * implementation is {@code dev.twinroot.updater.signing.CmsVerifier}.
 */
@FunctionalInterface
public interface ManifestVerifier {

    /**
     * Returns who signed, from the first signature that is valid and trusted, or throws saying why each one
     * was refused.
     */
    SignerIdentity verify(byte[] manifest, List<byte[]> signatures) throws BundleSignatureException;
}
