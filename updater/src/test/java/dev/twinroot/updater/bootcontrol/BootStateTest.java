package dev.twinroot.updater.bootcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.updater.contract.Slot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootStateTest {

    @Test
    void rejectsStatesTheBootloaderCouldNotStore() {
        Map<Slot, Integer> tries = BootState.defaults().triesLeft();
        assertThrows(IllegalArgumentException.class, () -> new BootState(List.of(), tries));
        assertThrows(IllegalArgumentException.class, () -> new BootState(List.of(Slot.A, Slot.A), tries));
        assertThrows(IllegalArgumentException.class, () -> new BootState(List.of(Slot.A), Map.of(Slot.A, 3)));
        assertThrows(IllegalArgumentException.class, () -> BootState.defaults().withTriesLeft(Slot.A, 10));
        assertThrows(IllegalArgumentException.class, () -> BootState.defaults().withTriesLeft(Slot.A, -1));
    }

    @Test
    void makingASlotPrimaryKeepsTheOthersInOrder() {
        assertEquals(List.of(Slot.B, Slot.A), BootState.defaults().withPrimary(Slot.B).order());
        assertEquals(List.of(Slot.A, Slot.B), BootState.defaults().withPrimary(Slot.A).order());
        BootState onlyB = new BootState(List.of(Slot.B), BootState.defaults().triesLeft());
        assertEquals(List.of(Slot.A, Slot.B), onlyB.withPrimary(Slot.A).order());
    }
}
