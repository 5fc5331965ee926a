package dev.twinroot.updater.install;

import dev.twinroot.updater.bundle.PayloadKind;
import dev.twinroot.updater.bundle.Sha256;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.contract.Slot;
import java.util.Objects;

/**
 * What one install writes where, taken from a verified manifest.
 *
 * @param source the file or URL the bundle came from
 * @param slot the slot being written (never the booted one)
 * @param version the bundle's version
 * @param kind full image or delta
 * @param imageSize bytes of the image the slot must hold at the end
 * @param imageSha256 their SHA-256
 */
public record InstallTarget(String source, Slot slot, Version version, PayloadKind kind, long imageSize,
        Sha256 imageSha256) {

    /** A URL or path longer than this is not one we wrote. */
    static final int MAX_SOURCE = 4096;

    public InstallTarget {
        Objects.requireNonNull(slot);
        Objects.requireNonNull(version);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(imageSha256);
        if (source.isEmpty() || source.length() > MAX_SOURCE) {
            throw new IllegalArgumentException("install source must be 1-" + MAX_SOURCE + " characters, found "
                    + source.length());
        }
        if (imageSize < 0) {
            throw new IllegalArgumentException("image size must be >= 0, found " + imageSize);
        }
    }
}
