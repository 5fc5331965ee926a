package dev.twinroot.image.flash;

/**
 * The target was refused before a byte was written to it: mounted, the running system's disk, too small, not
 * a device or file, or the user did not confirm. Nothing on the target changed.
 */
public final class FlashRefusedException extends FlashException {
    private static final long serialVersionUID = 1L;

    public FlashRefusedException(String message) {
        super(message);
    }
}
