package dev.twinroot.qemu.product;

import java.nio.file.Path;

/**
 * One built release: the output directory of {@code twinroot image build} for it.
 *
 * @param name the recipe's name, e.g. {@code v2}
 * @param version the version the device reports once it runs this release
 */
public record Release(String name, String version, Path directory) {

    /** The whole disk, for a device that starts on this release. */
    public Path disk() {
        return directory.resolve("disk.img");
    }

    /** The signed full bundle. */
    public Path fullBundle() {
        return directory.resolve("update.bundle");
    }

    /** The signed delta bundle from the recipe's previous release. */
    public Path deltaBundle() {
        return directory.resolve("update-delta.bundle");
    }

    public Path slotImage() {
        return directory.resolve("slot.img");
    }
}
