package dev.twinroot.updater.install;

import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.slot.SlotStorage;
import java.io.IOException;

/**
 * Work on a written and verified slot, before it is made bootable, that makes its boots better but is not needed
 * for them: the supervisor makes the new slot's class-data archive here, so that the trial boot's daemon reaches
 * its commit sooner (Android's A/B updates compile the new slot's code in the same place, their post-install
 * step). It runs while the slot is still marked bad, must not write the slot, and may fail: the installer reports
 * the failure through {@link InstallProgress#note} and goes on.
 */
public interface SlotPreparation {

    /** Nothing to prepare. */
    SlotPreparation NONE = (slot, storage) -> "nothing to prepare";

    /**
     * Prepares {@code slot}, whose storage now holds a verified image; returns what it did, or why it did
     * nothing, in one line. Throws when it tried and failed.
     */
    String prepare(Slot slot, SlotStorage storage) throws IOException;
}
