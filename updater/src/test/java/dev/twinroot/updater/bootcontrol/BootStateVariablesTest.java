package dev.twinroot.updater.bootcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.updater.contract.Slot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootStateVariablesTest {

    @Test
    void writesTheContractsVariables() {
        assertEquals(Map.of("BOOT_ORDER", "A B", "BOOT_A_LEFT", "3", "BOOT_B_LEFT", "3"),
                BootStateVariables.toVariables(BootState.defaults()));
    }

    @Test
    void readsWhatItWritesAndIgnoresOtherVariables() throws Exception {
        BootState state = BootState.defaults().withPrimary(Slot.B).withTriesLeft(Slot.A, 0);
        Map<String, String> vars = new HashMap<>(BootStateVariables.toVariables(state));
        vars.put("bootdelay", "2");
        assertEquals(state, BootStateVariables.fromVariables(vars));
    }

    @Test
    void toleratesExtraSpacesInTheOrderAsUBootsForDoes() throws Exception {
        Map<String, String> vars = new HashMap<>(BootStateVariables.toVariables(BootState.defaults()));
        vars.put("BOOT_ORDER", " B  A ");
        assertEquals(List.of(Slot.B, Slot.A), BootStateVariables.fromVariables(vars).order());
    }

    @Test
    void namesTheVariableThatIsWrong() {
        assertRejected("BOOT_ORDER", null, "boot state: variable BOOT_ORDER is missing");
        assertRejected("BOOT_ORDER", "", "boot state: BOOT_ORDER is empty");
        assertRejected("BOOT_ORDER", "A C", "boot state: BOOT_ORDER names unknown slot 'C', expected one of [A, B]");
        assertRejected("BOOT_ORDER", "A A", "boot state: BOOT_ORDER names slot A twice");
        assertRejected("BOOT_A_LEFT", "10", "boot state: BOOT_A_LEFT must be one digit 0-9, found '10'");
        assertRejected("BOOT_B_LEFT", "-1", "boot state: BOOT_B_LEFT must be one digit 0-9, found '-1'");
        assertRejected("BOOT_B_LEFT", "\u0001", "boot state: BOOT_B_LEFT must be one digit 0-9, found '?'");
    }

    private static void assertRejected(String name, String value, String message) {
        Map<String, String> vars = new HashMap<>(BootStateVariables.toVariables(BootState.defaults()));
        if (value == null) {
            vars.remove(name);
        } else {
            vars.put(name, value);
        }
        assertEquals(message, assertThrows(BootStateFormatException.class, () -> BootStateVariables.fromVariables(vars))
                .getMessage());
    }
}
