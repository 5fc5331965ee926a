package dev.twinroot.updater.bootcontrol;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The boot contract's marks over any {@link BootStateStore}; the backends differ only in their store. */
final class StoredBootControl implements BootControl {

    private final BootStateStore store;
    private final Slot booted;

    StoredBootControl(BootStateStore store, Slot booted) {
        this.store = store;
        this.booted = booted;
    }

    @Override
    public Slot bootedSlot() {
        return booted;
    }

    @Override
    public Slot primarySlot() throws IOException {
        return store.read().primary();
    }

    @Override
    public List<SlotStatus> slots() throws IOException {
        BootState state = store.read();
        List<SlotStatus> all = new ArrayList<>();
        for (Slot slot : Slot.values()) {
            all.add(statusOf(state, slot));
        }
        return all;
    }

    @Override
    public SlotStatus status(Slot slot) throws IOException {
        return statusOf(store.read(), slot);
    }

    private SlotStatus statusOf(BootState state, Slot slot) {
        return new SlotStatus(slot, state.triesLeft(slot), state.primary() == slot, slot == booted);
    }

    @Override
    public Optional<Slot> markGood() throws IOException {
        BootState before = store.update(
                state -> state.withPrimary(booted).withTriesLeft(booted, BootContract.DEFAULT_TRIES)).before();
        return before.primary() == booted ? Optional.empty() : Optional.of(before.primary());
    }

    @Override
    public void markBad(Slot slot) throws IOException {
        store.update(state -> state.withTriesLeft(slot, 0));
    }

    @Override
    public void markActive(Slot slot) throws IOException {
        store.update(state -> state.withPrimary(slot).withTriesLeft(slot, BootContract.DEFAULT_TRIES));
    }
}
