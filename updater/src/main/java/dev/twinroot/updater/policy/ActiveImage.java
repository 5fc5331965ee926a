package dev.twinroot.updater.policy;

import dev.twinroot.updater.bundle.Sha256;

/** The image in the active slot of one slot class, as the installer recorded it when writing that slot. */
public record ActiveImage(long size, Sha256 sha256) {
}
