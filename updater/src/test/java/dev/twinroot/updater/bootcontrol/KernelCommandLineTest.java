package dev.twinroot.updater.bootcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import org.junit.jupiter.api.Test;

class KernelCommandLineTest {

    @Test
    void readsTheSlotTheBootScriptPassed() throws Exception {
        for (Slot slot : Slot.values()) {
            String cmdline = BootContract.kernelArguments(slot) + " console=ttyAMA0\n";
            assertEquals(slot, KernelCommandLine.bootedSlot(cmdline));
        }
    }

    @Test
    void theLastOccurrenceWins() throws Exception {
        assertEquals(Slot.B, KernelCommandLine.bootedSlot("twinroot.slot=A quiet twinroot.slot=B"));
    }

    @Test
    void saysWhenNoSlotOrAnUnknownOneIsNamed() {
        assertEquals("kernel command line has no twinroot.slot=: not booted by the Twinroot boot script",
                assertThrows(UnknownBootedSlotException.class, () -> KernelCommandLine.bootedSlot("root=/dev/vda2 ro"))
                        .getMessage());
        assertEquals("kernel command line names slot 'c' in twinroot.slot=, expected one of [A, B]",
                assertThrows(UnknownBootedSlotException.class, () -> KernelCommandLine.bootedSlot("twinroot.slot=c"))
                        .getMessage());
        assertThrows(UnknownBootedSlotException.class, () -> KernelCommandLine.bootedSlot("xtwinroot.slot=A"));
    }
}
