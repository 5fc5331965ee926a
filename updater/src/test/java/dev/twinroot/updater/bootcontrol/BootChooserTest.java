package dev.twinroot.updater.bootcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootChooserTest {

    @Test
    void takesTheFirstSlotWithTriesAndDecrementsIt() {
        BootChooser.BootChoice choice = BootChooser.choose(BootState.defaults());
        assertEquals(Slot.A, choice.slot());
        assertEquals(2, choice.triesLeft());
        assertFalse(choice.reset());
        assertEquals(BootState.defaults().withTriesLeft(Slot.A, 2), choice.next());
    }

    @Test
    void skipsASlotWithoutTries() {
        BootState state = BootState.defaults().withPrimary(Slot.B).withTriesLeft(Slot.B, 0);
        BootChooser.BootChoice choice = BootChooser.choose(state);
        assertEquals(Slot.A, choice.slot());
        assertEquals(List.of(Slot.B, Slot.A), choice.next().order());
    }

    @Test
    void resetsEverySlotWhenNoneHasTries() {
        BootState state = BootState.defaults().withPrimary(Slot.B).withTriesLeft(Slot.A, 0).withTriesLeft(Slot.B, 0);
        BootChooser.BootChoice choice = BootChooser.choose(state);
        assertTrue(choice.reset());
        assertEquals(Slot.B, choice.slot());
        assertEquals(BootContract.DEFAULT_TRIES - 1, choice.next().triesLeft(Slot.B));
        assertEquals(BootContract.DEFAULT_TRIES, choice.next().triesLeft(Slot.A));
    }

    @Test
    void aSlotMissingFromTheOrderIsNeverBooted() {
        BootState onlyB = new BootState(List.of(Slot.B), BootState.defaults().withTriesLeft(Slot.B, 0).triesLeft());
        BootChooser.BootChoice choice = BootChooser.choose(onlyB);
        assertEquals(Slot.B, choice.slot());
        assertTrue(choice.reset());
    }
}
