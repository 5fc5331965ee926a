package dev.twinroot.supervisor.assessment;

import java.io.IOException;
import java.util.Optional;

/**
 * What the supervisor needs from the boot-control backend (U-Boot or GRUB state): the facts of this boot and,
 * once the booted system has proved healthy, marking it good and putting it first. The daemon's wiring adapts
 * the updater's BootControl to this. Both writes must be idempotent: a restarted supervisor repeats them.
 */
public interface BootChooser {

    /** The slot the bootloader booted ({@code twinroot.slot=} on the kernel command line). */
    String bootedSlot() throws IOException;

    /** The first slot in BOOT_ORDER. */
    String primarySlot() throws IOException;

    /**
     * Whether {@code slot} was committed (marked good) since it was last installed. Its LEFT counter alone
     * cannot tell: the bootloader decrements it on every boot, good or not.
     */
    boolean isCommitted(String slot) throws IOException;

    /** Resets the slot's remaining tries to the default and records it as committed. */
    void markGood(String slot) throws IOException;

    /** Boots the bootloader will still attempt of {@code slot}; empty where the backend cannot tell. */
    default Optional<Integer> triesLeft(String slot) throws IOException {
        return Optional.empty();
    }

    /** Rewrites BOOT_ORDER so that {@code slot} comes first, after a fallback. */
    void putFirst(String slot) throws IOException;
}
