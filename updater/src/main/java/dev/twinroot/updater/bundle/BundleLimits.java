package dev.twinroot.updater.bundle;

/**
 * Caps checked against every length and count a bundle declares, before anything is allocated for it.
 *
 * @param maxManifestBytes largest manifest accepted
 * @param maxSignatureBlockBytes largest signature block accepted
 * @param maxSignatures most CMS blobs in the signature block
 * @param maxPayloads most payloads a manifest may list
 */
public record BundleLimits(int maxManifestBytes, int maxSignatureBlockBytes, int maxSignatures, int maxPayloads) {

    public static final int MIB = 1024 * 1024;

    /** 1 MiB manifest, 1 MiB signature block, 16 signatures, 64 payloads. */
    public static final BundleLimits DEFAULT = new BundleLimits(MIB, MIB, 16, 64);

    public BundleLimits {
        if (maxManifestBytes < 1 || maxSignatureBlockBytes < BundleFormat.COUNT_FIELD || maxSignatures < 1
                || maxPayloads < 1) {
            throw new IllegalArgumentException("bundle limits must allow at least one of everything");
        }
    }
}
