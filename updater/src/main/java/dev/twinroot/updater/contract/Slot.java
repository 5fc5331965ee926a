package dev.twinroot.updater.contract;

import java.util.Optional;

/**
 * A root filesystem slot. Its name is what the bootloader variables, {@code BOOT_ORDER} and the kernel command
 * line ({@code twinroot.slot=A}) carry; its partition is where its root filesystem and kernel live.
 */
public enum Slot {
    A(Partition.ROOTFS_A),
    B(Partition.ROOTFS_B);

    private final Partition partition;

    Slot(Partition partition) {
        this.partition = partition;
    }

    /** The partition holding this slot's root filesystem and its own {@code /boot/Image}. */
    public Partition partition() {
        return partition;
    }

    /** The bootloader variable counting this slot's remaining tries, e.g. {@code BOOT_A_LEFT}. */
    public String leftVariable() {
        return "BOOT_" + name() + "_LEFT";
    }

    /** The other slot of the pair: where an update goes while this one runs. */
    public Slot other() {
        return this == A ? B : A;
    }

    /** The slot with this exact name ({@code "A"}, {@code "B"}), if there is one. */
    public static Optional<Slot> named(String name) {
        for (Slot slot : values()) {
            if (slot.name().equals(name)) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }
}
