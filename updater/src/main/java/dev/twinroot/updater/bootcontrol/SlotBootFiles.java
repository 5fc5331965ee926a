package dev.twinroot.updater.bootcontrol;

import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.slot.SlotStorage;
import java.io.IOException;

/**
 * Files on the boot partition that describe what a slot holds and so must follow its content: GRUB's record of
 * where a squashfs or erofs slot keeps its kernel. The installer calls this after the slot verified and before it
 * is made bootable; the slot is marked bad all the while, so a power cut in between leaves no slot that boots
 * from a stale record.
 */
public interface SlotBootFiles {

    /** Nothing to record: U-Boot finds the boot area itself, and ext4 slots are read as files. */
    SlotBootFiles NONE = (slot, storage) -> { };

    /** Updates the records of {@code slot}, whose storage now holds a verified image. */
    void slotWritten(Slot slot, SlotStorage storage) throws IOException;
}
