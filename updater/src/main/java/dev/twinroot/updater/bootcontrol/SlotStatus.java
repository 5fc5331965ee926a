package dev.twinroot.updater.bootcontrol;

import dev.twinroot.updater.contract.Slot;

/**
 * One slot as the bootloader sees it.
 *
 * @param slot the slot
 * @param triesLeft boots the bootloader will still attempt before falling back
 * @param primary whether it is first in the boot order
 * @param booted whether the running system booted from it
 */
public record SlotStatus(Slot slot, int triesLeft, boolean primary, boolean booted) {

    /** Good: the bootloader will still pick it. Bad: no tries left, it is skipped until marked again. */
    public boolean good() {
        return triesLeft > 0;
    }
}
