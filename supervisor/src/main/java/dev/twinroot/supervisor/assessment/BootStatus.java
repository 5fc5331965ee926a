package dev.twinroot.supervisor.assessment;

import java.util.Optional;

/**
 * What is true about this boot, gathered once at start: which slot the bootloader booted, which slot BOOT_ORDER
 * names first, whether the booted slot was already committed (marked good since it was last installed) or is
 * on trial, and the pending-update record from the data partition.
 *
 * <p>"Committed" cannot be read from the slot's LEFT counter alone (the bootloader decrements it on every
 * boot, good or not); the {@link BootChooser} adapter decides how it knows.
 */
public record BootStatus(String bootedSlot, String primarySlot, boolean bootedSlotCommitted,
                         Optional<PendingUpdate> pending) {

    /** The bootloader booted a slot other than the first in BOOT_ORDER: the first one ran out of tries. */
    public boolean fallback() {
        return !bootedSlot.equals(primarySlot);
    }

    /** The pending update, if it is the one this boot is trying. */
    public Optional<PendingUpdate> pendingForBootedSlot() {
        return pending.filter(p -> p.targetSlot().equals(bootedSlot));
    }
}
