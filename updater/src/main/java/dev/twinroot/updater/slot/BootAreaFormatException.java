package dev.twinroot.updater.slot;

/**
 * A squashfs or erofs slot's boot area is there but malformed: the slot must not be made bootable, since the
 * bootloader would load garbage as a kernel.
 */
public final class BootAreaFormatException extends SlotException {

    public BootAreaFormatException(String message) {
        super(message);
    }
}
