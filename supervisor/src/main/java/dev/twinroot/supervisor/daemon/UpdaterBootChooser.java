package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.assessment.AssessmentRecords;
import dev.twinroot.supervisor.assessment.BootChooser;
import dev.twinroot.updater.bootcontrol.BootControl;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.util.Optional;

/**
 * {@link BootChooser} over the updater's {@link BootControl} (U-Boot, GRUB or file state).
 *
 * <p>Whether a slot is committed is not in the boot state (the bootloader decrements a slot's tries on every
 * boot, good or not). It is in the installer's record: a slot is on trial exactly while
 * {@code pending-update.json} names it as its target, from the moment the installer made it primary until the
 * supervisor records the success or the rollback. Every other slot that boots is committed.
 */
final class UpdaterBootChooser implements BootChooser {

    private final BootControl control;
    private final AssessmentRecords records;

    UpdaterBootChooser(BootControl control, AssessmentRecords records) {
        this.control = control;
        this.records = records;
    }

    @Override
    public String bootedSlot() {
        return control.bootedSlot().name();
    }

    @Override
    public String primarySlot() throws IOException {
        return control.primarySlot().name();
    }

    @Override
    public boolean isCommitted(String slot) throws IOException {
        return records.loadPending().filter(p -> p.targetSlot().equals(slot)).isEmpty();
    }

    @Override
    public Optional<Integer> triesLeft(String slot) throws IOException {
        return Optional.of(control.status(slot(slot)).triesLeft());
    }

    @Override
    public void markGood(String slot) throws IOException {
        if (!slot.equals(bootedSlot())) {
            throw new IOException("mark good: only the booted slot " + bootedSlot() + " can be marked good, not " + slot);
        }
        control.markGood();
    }

    @Override
    public void putFirst(String slot) throws IOException {
        control.markActive(slot(slot));
    }

    private static Slot slot(String name) throws IOException {
        return Slot.named(name).orElseThrow(() -> new IOException("no slot named '" + name + "': expected A or B"));
    }
}
