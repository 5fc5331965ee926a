package dev.twinroot.updater.install;

import dev.twinroot.updater.bundle.Sha256;
import dev.twinroot.updater.bundle.Version;
import java.util.Objects;

/** What the installer last wrote and verified in a slot. */
public record SlotImage(Version version, long size, Sha256 sha256) {

    public SlotImage {
        Objects.requireNonNull(version);
        Objects.requireNonNull(sha256);
        if (size < 0) {
            throw new IllegalArgumentException("image size must be >= 0");
        }
    }
}
