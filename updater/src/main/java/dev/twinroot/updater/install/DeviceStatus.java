package dev.twinroot.updater.install;

import dev.twinroot.updater.contract.Slot;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The updater's record of this device ({@code DATA/status.json}): last install, last rollback, and the image
 * each slot holds. {@code twinrootctl status} reads it through {@link DeviceStatusStore#read()}.
 */
public record DeviceStatus(Optional<InstallRecord> lastInstall, Optional<RollbackRecord> lastRollback,
        Map<Slot, SlotImage> slots) {

    public DeviceStatus {
        Map<Slot, SlotImage> copy = new EnumMap<>(Slot.class);
        copy.putAll(slots);
        slots = Map.copyOf(copy);
    }

    public static DeviceStatus empty() {
        return new DeviceStatus(Optional.empty(), Optional.empty(), Map.of());
    }

    public Optional<SlotImage> slot(Slot slot) {
        return Optional.ofNullable(slots.get(slot));
    }

    DeviceStatus withInstall(InstallRecord record) {
        return new DeviceStatus(Optional.of(record), lastRollback, slots);
    }

    DeviceStatus withRollback(RollbackRecord record) {
        return new DeviceStatus(lastInstall, Optional.of(record), slots);
    }

    DeviceStatus withSlot(Slot slot, Optional<SlotImage> image) {
        Map<Slot, SlotImage> copy = new EnumMap<>(Slot.class);
        copy.putAll(slots);
        if (image.isPresent()) {
            copy.put(slot, image.get());
        } else {
            copy.remove(slot);
        }
        return new DeviceStatus(lastInstall, lastRollback, copy);
    }
}
