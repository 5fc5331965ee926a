package dev.twinroot.updater.bootcontrol;

import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The bootloader as the installer and the supervisor use it: which slot runs, which boots next, and the three
 * marks of the boot contract. Every mark is one atomic write of the whole state.
 */
public interface BootControl {

    /** The slot the running system booted from, as the bootloader wrote it on the kernel command line. */
    Slot bootedSlot();

    /** The first slot in the boot order. */
    Slot primarySlot() throws IOException;

    /** Every slot, in the order of {@link Slot#values()}. */
    List<SlotStatus> slots() throws IOException;

    /** One slot. */
    SlotStatus status(Slot slot) throws IOException;

    /**
     * The running system proved healthy: gives the booted slot the default tries again and, if the bootloader
     * had fallen back to it from another primary, puts it first in the boot order.
     *
     * @return the primary the bootloader fell back from, if a fallback happened
     */
    Optional<Slot> markGood() throws IOException;

    /** The slot must not be booted: no tries left. The installer does this before writing a byte to it. */
    void markBad(Slot slot) throws IOException;

    /** Try this slot on the next boots: first in the boot order with the default tries. */
    void markActive(Slot slot) throws IOException;
}
