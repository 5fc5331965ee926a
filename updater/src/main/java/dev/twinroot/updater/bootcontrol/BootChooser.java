package dev.twinroot.updater.bootcontrol;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;

/**
 * What the bootloader does on every boot, as a pure function: the reference the generated U-Boot script and
 * GRUB configuration are tested against, and what a simulated device runs.
 */
public final class BootChooser {

    private BootChooser() {
    }

    /**
     * Takes the first slot in the order with tries left and decrements it; if no slot has tries left, resets
     * every slot to the default tries (keeping the order) and takes the first.
     */
    public static BootChoice choose(BootState state) {
        boolean reset = state.nextBoot().isEmpty();
        BootState current = state;
        if (reset) {
            for (Slot slot : Slot.values()) {
                current = current.withTriesLeft(slot, BootContract.DEFAULT_TRIES);
            }
        }
        Slot slot = current.nextBoot().orElseThrow();
        BootState next = current.withTriesLeft(slot, current.triesLeft(slot) - 1);
        return new BootChoice(slot, next.triesLeft(slot), reset, next);
    }

    /**
     * One boot's decision.
     *
     * @param slot the slot booted
     * @param triesLeft its tries left after this boot
     * @param reset whether every slot had run out of tries and was reset to the default
     * @param next the state the bootloader saved before booting
     */
    public record BootChoice(Slot slot, int triesLeft, boolean reset, BootState next) {
    }
}
