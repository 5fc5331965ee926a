package dev.twinroot.updater.slot;

import dev.twinroot.platform.BlockDevices;
import dev.twinroot.updater.config.SlotLocation;
import dev.twinroot.updater.config.SystemConfig;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Path;

/** Turns the config's slot locations into storage. */
public final class Slots {

    private final BlockDevices devices;
    private final PartitionLabels labels;
    private final MbrPartitionUuids partUuids;

    public Slots(BlockDevices devices, PartitionLabels labels, MbrPartitionUuids partUuids) {
        this.devices = devices;
        this.labels = labels;
        this.partUuids = partUuids;
    }

    public SlotStorage storage(SystemConfig config, Slot slot) throws IOException {
        SlotLocation where = config.slot(slot);
        return switch (where.kind()) {
            case FILE -> new FileSlotStorage(Path.of(where.value()));
            case DEVICE -> new BlockSlotStorage(devices, Path.of(where.value()));
            case PARTLABEL -> new BlockSlotStorage(devices, labels.find(where.value()).orElseThrow(() ->
                    new SlotException("slot " + slot.name() + ": no partition is labelled \"" + where.value()
                            + "\"")));
            case PARTUUID -> new BlockSlotStorage(devices, partUuids.find(where.value()).orElseThrow(() ->
                    new SlotException("slot " + slot.name() + ": no MBR partition has the PARTUUID " + where.value())));
        };
    }
}
