package dev.twinroot.updater.bootcontrol;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the bootloader decides from: the boot order and each slot's tries left. Immutable; every change gives a
 * new state, so that all variables change in one write.
 *
 * @param order slot names in boot order, first = primary; each slot at most once, at least one slot
 * @param triesLeft tries left for every slot, 0 to {@link BootContract#MAX_TRIES}
 */
public record BootState(List<Slot> order, Map<Slot, Integer> triesLeft) {

    public BootState {
        order = List.copyOf(order);
        if (order.isEmpty()) {
            throw new IllegalArgumentException("boot order must name at least one slot");
        }
        if (EnumSet.copyOf(order).size() != order.size()) {
            throw new IllegalArgumentException("boot order names a slot twice: " + order);
        }
        EnumMap<Slot, Integer> tries = new EnumMap<>(Slot.class);
        for (Slot slot : Slot.values()) {
            Integer left = triesLeft.get(slot);
            if (left == null || left < 0 || left > BootContract.MAX_TRIES) {
                throw new IllegalArgumentException("tries left of slot " + slot + " must be 0-"
                        + BootContract.MAX_TRIES + ", found " + left);
            }
            tries.put(slot, left);
        }
        triesLeft = Map.copyOf(tries);
    }

    /** The state of a fresh image: default order, every slot with the default tries. */
    public static BootState defaults() {
        EnumMap<Slot, Integer> tries = new EnumMap<>(Slot.class);
        for (Slot slot : Slot.values()) {
            tries.put(slot, BootContract.DEFAULT_TRIES);
        }
        return new BootState(BootContract.DEFAULT_ORDER, tries);
    }

    /** The first slot in the boot order: the one the bootloader tries first. */
    public Slot primary() {
        return order.get(0);
    }

    public int triesLeft(Slot slot) {
        return triesLeft.get(slot);
    }

    public BootState withTriesLeft(Slot slot, int left) {
        EnumMap<Slot, Integer> tries = new EnumMap<>(triesLeft);
        tries.put(slot, left);
        return new BootState(order, tries);
    }

    /** This state with {@code slot} moved to the front of the boot order, the others keeping their order. */
    public BootState withPrimary(Slot slot) {
        List<Slot> reordered = new ArrayList<>(order.size() + 1);
        reordered.add(slot);
        order.stream().filter(s -> s != slot).forEach(reordered::add);
        return new BootState(reordered, triesLeft);
    }

    /** The slot the bootloader boots next: the first in the order with tries left, if any. */
    public Optional<Slot> nextBoot() {
        return order.stream().filter(s -> triesLeft(s) > 0).findFirst();
    }

    /** Slot names separated by one space, as {@code BOOT_ORDER} holds them. */
    public String orderText() {
        return String.join(" ", order.stream().map(Slot::name).toList());
    }
}
