package dev.twinroot.updater.install;

import dev.twinroot.updater.bootcontrol.BootControl;
import dev.twinroot.updater.bootcontrol.SlotStatus;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.util.Optional;

/**
 * The manual marks of {@code twinrootctl}: mark-good, mark-bad, rollback. Each refuses what would leave the boot
 * state without a good slot, and rollbacks are recorded in the device status.
 */
public final class SlotMarks {

    private final BootControl boot;
    private final Journal journal;
    private final DeviceStatusStore status;

    public SlotMarks(BootControl boot, Journal journal, DeviceStatusStore status) {
        this.boot = boot;
        this.journal = journal;
        this.status = status;
    }

    /** Commits the running slot. Returns the slot the bootloader had fallen back from, if it had. */
    public Optional<Slot> markGood() throws IOException {
        Optional<Slot> fellBackFrom = boot.markGood();
        if (fellBackFrom.isPresent()) {
            status.recordRollback(fellBackFrom.get(), boot.bootedSlot(), "slot " + fellBackFrom.get().name()
                    + " failed to boot or was not marked good; the bootloader fell back to slot "
                    + boot.bootedSlot().name());
        }
        return fellBackFrom;
    }

    /** Marks {@code slot} bad, refusing if the other slot could not boot either. */
    public void markBad(Slot slot) throws IOException {
        SlotStatus other = boot.status(slot.other());
        if (!other.good()) {
            throw new InstallRefusedException("refusing to mark slot " + slot.name() + " bad: slot "
                    + slot.other().name() + " has no tries left either, so no slot would be bootable");
        }
        boot.markBad(slot);
    }

    /**
     * Makes the slot that is not primary the primary, if it is good and no install is writing it. Returns the new
     * primary.
     */
    public Slot rollback() throws IOException {
        Slot primary = boot.primarySlot();
        Slot other = primary.other();
        Optional<InstallState> j = journal.read();
        if (j.isPresent() && !j.get().finished() && j.get().target().slot() == other) {
            throw new InstallRefusedException("refusing to roll back to slot " + other.name() + ": an install into it"
                    + " was interrupted (state " + j.get().wireName() + "); its content is incomplete");
        }
        SlotStatus target = boot.status(other);
        if (!target.good()) {
            throw new InstallRefusedException("refusing to roll back to slot " + other.name()
                    + ": it has no tries left (marked bad, or being written); slot " + primary.name()
                    + " stays primary");
        }
        boot.markActive(other);
        status.recordRollback(primary, other, "manual rollback (twinrootctl rollback)");
        return other;
    }
}
