package dev.twinroot.updater.bootcontrol;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Boot state to bootloader variables and back: the meaning of {@code BOOT_ORDER} and {@code BOOT_<slot>_LEFT},
 * independent of how a backend stores the variables. Variables outside the contract are ignored on reading.
 */
public final class BootStateVariables {

    private BootStateVariables() {
    }

    /** The contract's variables for this state, {@code BOOT_ORDER} first. */
    public static Map<String, String> toVariables(BootState state) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(BootContract.BOOT_ORDER, state.orderText());
        for (Slot slot : Slot.values()) {
            vars.put(slot.leftVariable(), Integer.toString(state.triesLeft(slot)));
        }
        return vars;
    }

    /** The state these variables describe, or an exception naming the variable that is missing or wrong. */
    public static BootState fromVariables(Map<String, String> vars) throws BootStateFormatException {
        List<Slot> order = parseOrder(require(vars, BootContract.BOOT_ORDER));
        EnumMap<Slot, Integer> tries = new EnumMap<>(Slot.class);
        for (Slot slot : Slot.values()) {
            tries.put(slot, parseTries(slot.leftVariable(), require(vars, slot.leftVariable())));
        }
        return new BootState(order, tries);
    }

    private static String require(Map<String, String> vars, String name) throws BootStateFormatException {
        return Optional.ofNullable(vars.get(name))
                .orElseThrow(() -> new BootStateFormatException("boot state: variable " + name + " is missing"));
    }

    private static List<Slot> parseOrder(String text) throws BootStateFormatException {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new BootStateFormatException("boot state: " + BootContract.BOOT_ORDER + " is empty");
        }
        List<Slot> order = new ArrayList<>();
        EnumSet<Slot> seen = EnumSet.noneOf(Slot.class);
        for (String name : trimmed.split(" +")) {
            Slot slot = Slot.named(name).orElseThrow(() -> new BootStateFormatException("boot state: "
                    + BootContract.BOOT_ORDER + " names unknown slot '" + printable(name) + "', expected one of "
                    + List.of(Slot.values())));
            if (!seen.add(slot)) {
                throw new BootStateFormatException("boot state: " + BootContract.BOOT_ORDER + " names slot "
                        + slot + " twice");
            }
            order.add(slot);
        }
        return order;
    }

    private static int parseTries(String name, String text) throws BootStateFormatException {
        if (text.length() != 1 || text.charAt(0) < '0' || text.charAt(0) > '0' + BootContract.MAX_TRIES) {
            throw new BootStateFormatException("boot state: " + name + " must be one digit 0-"
                    + BootContract.MAX_TRIES + ", found '" + printable(text) + "'");
        }
        return text.charAt(0) - '0';
    }

    /** A short, printable rendering of an untrusted value for an error message. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 16; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 16 ? out + "..." : out.toString();
    }
}
