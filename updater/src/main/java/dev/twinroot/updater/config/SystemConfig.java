package dev.twinroot.updater.config;

import dev.twinroot.updater.bundle.Manifest;
import dev.twinroot.updater.contract.Slot;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The updater's part of {@code /etc/twinroot/system.json}: what this device is, where its slots and boot state
 * live, whom it trusts, where it keeps its records. Validated when built; read it with {@link SystemConfigParser}.
 *
 * @param compatible the device type bundles must name
 * @param slots where each slot of the A/B pair is
 * @param bootBackend which bootloader keeps the boot state
 * @param bootPath the mounted boot partition (u-boot, grub) or the state file (file)
 * @param keyring directory of trusted CA certificates (PEM)
 * @param dataDir persistent directory on the data partition: journal, status, anti-rollback floor
 * @param allowDowngrade whether a bundle older than the running version may be installed
 * @param http download behaviour
 */
public record SystemConfig(String compatible, Map<Slot, SlotLocation> slots, BootBackend bootBackend, Path bootPath,
        Path keyring, Path dataDir, boolean allowDowngrade, HttpSettings http) {

    /** The slot class of the A/B root filesystem pair, as bundles name it. */
    public static final String ROOTFS_CLASS = "rootfs";

    /** Where the device keeps this file. */
    public static final Path DEFAULT_PATH = Path.of("/etc/twinroot/system.json");

    public SystemConfig {
        Manifest.checkCompatible(compatible);
        Objects.requireNonNull(bootBackend);
        for (Path p : new Path[] {bootPath, keyring, dataDir}) {
            if (!Objects.requireNonNull(p).isAbsolute()) {
                throw new IllegalArgumentException("paths must be absolute, found \"" + p + "\"");
            }
        }
        Objects.requireNonNull(http);
        Map<Slot, SlotLocation> copy = new EnumMap<>(Slot.class);
        copy.putAll(slots);
        for (Slot s : Slot.values()) {
            if (!copy.containsKey(s)) {
                throw new IllegalArgumentException("slots must name slot " + s.name());
            }
        }
        // Compared field by field, not with the record's equals: the first call of a record's generated equals links
        // java.lang.runtime.ObjectMethods, about a second of the daemon's and every twinrootctl's start under
        // emulation (docs/benchmarks.md, session 11).
        SlotLocation a = copy.get(Slot.A);
        SlotLocation b = copy.get(Slot.B);
        if (a.kind() == b.kind() && a.value().equals(b.value())) {
            throw new IllegalArgumentException("slots A and B must not be the same storage");
        }
        slots = Map.copyOf(copy);
    }

    public SlotLocation slot(Slot slot) {
        return slots.get(slot);
    }
}
