package dev.twinroot.supervisor.assessment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The boot contract in memory: what U-Boot's script and the installer do to BOOT_ORDER and the LEFT counters,
 * so assessment tests can run whole sequences of boots.
 */
final class SimulatedBootloader implements BootChooser {

    static final int DEFAULT_LEFT = 3;

    private final List<String> order = new ArrayList<>(List.of("A", "B"));
    private final Map<String, Integer> left = new HashMap<>(Map.of("A", DEFAULT_LEFT, "B", DEFAULT_LEFT));
    private final Set<String> committed = new HashSet<>(Set.of("A"));
    private String booted;
    private int boots;
    int markGoodCalls;

    /** The bootloader's choice on power-on; returns the new boot id. */
    String boot() {
        String slot = order.stream().filter(s -> left.get(s) > 0).findFirst().orElse(null);
        if (slot == null) {
            order.forEach(s -> left.put(s, DEFAULT_LEFT));
            slot = order.get(0);
        }
        left.put(slot, left.get(slot) - 1);
        booted = slot;
        boots++;
        return "boot-" + boots + "-0000-0000";
    }

    /** What the installer does: mark the target bad, write it, then put it first with full tries. */
    void install(String target) {
        left.put(target, 0);
        committed.remove(target);
        order.remove(target);
        order.add(0, target);
        left.put(target, DEFAULT_LEFT);
    }

    int left(String slot) {
        return left.get(slot);
    }

    List<String> order() {
        return List.copyOf(order);
    }

    @Override
    public String bootedSlot() {
        return booted;
    }

    @Override
    public String primarySlot() {
        return order.get(0);
    }

    @Override
    public boolean isCommitted(String slot) {
        return committed.contains(slot);
    }

    @Override
    public void markGood(String slot) {
        markGoodCalls++;
        left.put(slot, DEFAULT_LEFT);
        committed.add(slot);
    }

    @Override
    public void putFirst(String slot) {
        order.remove(slot);
        order.add(0, slot);
    }
}
