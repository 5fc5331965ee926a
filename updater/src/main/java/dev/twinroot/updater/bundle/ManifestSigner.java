package dev.twinroot.updater.bundle;

import java.io.IOException;

/**
 * Produces one signature over the exact manifest bytes. The CMS/X.509 implementation is
 * {@code dev.twinroot.updater.signing.CmsSigner}.
 */
@FunctionalInterface
public interface ManifestSigner {

    byte[] sign(byte[] manifest) throws IOException;
}
