package dev.twinroot.image.flash;

/**
 * @param force  write although a filesystem on the target is mounted or the target is another partition of
 *               the running system's disk; never overrides "holds /", "holds the image" or "too small"
 * @param verify read the target back and compare SHA-256 with what was written
 */
public record FlashOptions(boolean force, boolean verify) {

    public static FlashOptions defaults() {
        return new FlashOptions(false, true);
    }
}
