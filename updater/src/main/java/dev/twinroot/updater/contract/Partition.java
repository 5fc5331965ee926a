package dev.twinroot.updater.contract;

/**
 * The partitions of the default disk layout, in table order. Numbers and GPT labels are part of the boot
 * contract: the boot script loads kernels by partition number and the kernel finds its root by label.
 */
public enum Partition {
    BOOT(1, "boot"),
    ROOTFS_A(2, "rootfs-a"),
    ROOTFS_B(3, "rootfs-b"),
    DATA(4, "data");

    private final int number;
    private final String label;

    Partition(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /** 1-based partition number, as U-Boot's {@code load dev N:P} and Linux's {@code /dev/vdaN} count. */
    public int number() {
        return number;
    }

    /** The GPT partition name, as the kernel's {@code root=PARTLABEL=} and udev's by-partlabel see it. */
    public String label() {
        return label;
    }
}
