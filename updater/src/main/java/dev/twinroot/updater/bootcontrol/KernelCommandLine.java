package dev.twinroot.updater.bootcontrol;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.util.List;
import java.util.Optional;

/** Reads the booted slot from the kernel command line ({@code /proc/cmdline}), where the bootloader put it. */
public final class KernelCommandLine {

    private static final String PREFIX = BootContract.CMDLINE_SLOT_KEY + "=";

    private KernelCommandLine() {
    }

    /** The slot named by {@code twinroot.slot=}; the last occurrence wins, as for the kernel's own parameters. */
    public static Slot bootedSlot(String cmdline) throws UnknownBootedSlotException {
        Optional<String> value = Optional.empty();
        for (String word : cmdline.strip().split("\\s+")) {
            if (word.startsWith(PREFIX)) {
                value = Optional.of(word.substring(PREFIX.length()));
            }
        }
        if (value.isEmpty()) {
            throw new UnknownBootedSlotException("kernel command line has no " + PREFIX
                    + ": not booted by the Twinroot boot script");
        }
        String name = value.get();
        return Slot.named(name).orElseThrow(() -> new UnknownBootedSlotException("kernel command line names slot '"
                + BootStateVariables.printable(name) + "' in " + PREFIX + ", expected one of " + List.of(Slot.values())));
    }
}
