package dev.twinroot.updater.policy;

import dev.twinroot.updater.bundle.Version;
import java.util.Map;
import java.util.Optional;

/**
 * What the policy needs to know about the device. The installer owns where each fact comes from: the
 * compatible string from the device config, the running version from the booted slot, the anti-rollback floor
 * from its persistent store, slot sizes from the partition table, active images from its install records.
 *
 * @param compatible this device's type
 * @param runningVersion the version of the booted slot
 * @param rollbackFloor the lowest version this device may ever install again, if one was set
 * @param slotSizes bytes available in the target slot of each slot class
 * @param activeImages the image in the active slot of each slot class, where known
 */
public record DeviceState(String compatible, Version runningVersion, Optional<Version> rollbackFloor,
        Map<String, Long> slotSizes, Map<String, ActiveImage> activeImages) {

    public DeviceState {
        slotSizes = Map.copyOf(slotSizes);
        activeImages = Map.copyOf(activeImages);
    }
}
