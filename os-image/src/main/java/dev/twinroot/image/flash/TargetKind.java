package dev.twinroot.image.flash;

/** What the flash target is. */
public enum TargetKind {
    /** An SD card, USB stick, disk or loop device: written in place, never resized. */
    BLOCK_DEVICE,
    /** An existing regular file: overwritten and truncated to the image's length. */
    FILE,
    /** A path that does not exist yet (outside /dev): created as a regular file. */
    NEW_FILE
}
