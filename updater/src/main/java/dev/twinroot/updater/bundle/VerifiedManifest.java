package dev.twinroot.updater.bundle;

/**
 * A manifest whose signature was checked against the device's keyring. Only {@link BundleReader} creates
 * one, so code that takes a VerifiedManifest (the update policy, the installer) cannot be handed an
 * unverified manifest by mistake.
 */
public final class VerifiedManifest {

    private final Manifest manifest;
    private final SignerIdentity signer;

    VerifiedManifest(Manifest manifest, SignerIdentity signer) {
        this.manifest = manifest;
        this.signer = signer;
    }

    public Manifest manifest() {
        return manifest;
    }

    public SignerIdentity signer() {
        return signer;
    }
}
