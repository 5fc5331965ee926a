package dev.twinroot.updater.install;

import dev.twinroot.delta.DeltaApplier;
import dev.twinroot.updater.bootcontrol.BootControl;
import dev.twinroot.updater.bootcontrol.SlotBootFiles;
import dev.twinroot.updater.bundle.ManifestVerifier;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.slot.SlotStorage;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the installer acts on, built once from the system config (or by a test).
 *
 * @param compatible the device type bundles must name
 * @param allowDowngrade whether an older bundle than the running one may be installed
 * @param boot the boot state
 * @param slots the storage of both slots
 * @param journal where the install state survives power cuts
 * @param status the device status file
 * @param dataDir the data directory (anti-rollback floor, delta checkpoint)
 * @param verifier who may sign bundles
 * @param opener how a source becomes a stream
 * @param delta tuning for delta installs (checkpoint interval)
 * @param lock held for each install and recovery, so that only one writes the inactive slot
 * @param slotBootFiles the boot partition's records of a slot's content, updated before the slot is activated
 * @param preparation work on the verified slot before it is activated that its boots do not depend on
 */
public record InstallEnvironment(String compatible, boolean allowDowngrade, BootControl boot,
        Map<Slot, SlotStorage> slots, Journal journal, DeviceStatusStore status, Path dataDir,
        ManifestVerifier verifier, BundleOpener opener, DeltaApplier.Options delta, InstallLock lock,
        SlotBootFiles slotBootFiles, SlotPreparation preparation) {

    /** The delta applier's checkpoint, next to the journal. */
    public static final String CHECKPOINT = "install.checkpoint";

    public InstallEnvironment {
        Objects.requireNonNull(compatible);
        Objects.requireNonNull(boot);
        Objects.requireNonNull(journal);
        Objects.requireNonNull(status);
        Objects.requireNonNull(dataDir);
        Objects.requireNonNull(verifier);
        Objects.requireNonNull(opener);
        Objects.requireNonNull(delta);
        Objects.requireNonNull(lock);
        Objects.requireNonNull(slotBootFiles);
        Objects.requireNonNull(preparation);
        Map<Slot, SlotStorage> copy = new EnumMap<>(Slot.class);
        copy.putAll(slots);
        for (Slot s : Slot.values()) {
            Objects.requireNonNull(copy.get(s), "storage of slot " + s);
        }
        slots = Map.copyOf(copy);
    }

    /** Without preparation ({@link SlotPreparation#NONE}). */
    public InstallEnvironment(String compatible, boolean allowDowngrade, BootControl boot,
            Map<Slot, SlotStorage> slots, Journal journal, DeviceStatusStore status, Path dataDir,
            ManifestVerifier verifier, BundleOpener opener, DeltaApplier.Options delta, InstallLock lock,
            SlotBootFiles slotBootFiles) {
        this(compatible, allowDowngrade, boot, slots, journal, status, dataDir, verifier, opener, delta, lock,
                slotBootFiles, SlotPreparation.NONE);
    }

    /** Without boot partition records ({@link SlotBootFiles#NONE}): U-Boot, or GRUB with ext4 slots. */
    public InstallEnvironment(String compatible, boolean allowDowngrade, BootControl boot,
            Map<Slot, SlotStorage> slots, Journal journal, DeviceStatusStore status, Path dataDir,
            ManifestVerifier verifier, BundleOpener opener, DeltaApplier.Options delta, InstallLock lock) {
        this(compatible, allowDowngrade, boot, slots, journal, status, dataDir, verifier, opener, delta, lock,
                SlotBootFiles.NONE, SlotPreparation.NONE);
    }

    Path checkpoint() {
        return dataDir.resolve(CHECKPOINT);
    }
}
