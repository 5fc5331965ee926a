package dev.twinroot.updater.bundle;

/**
 * The image a delta must be applied to: the first {@code size} bytes of the active slot must hash to
 * {@code sha256}.
 */
public record DeltaSource(long size, Sha256 sha256) {

    public DeltaSource {
        if (size < 0) {
            throw new IllegalArgumentException("delta source size must be >= 0, found " + size);
        }
    }
}
