package dev.twinroot.updater.contract;

/**
 * The disk's partition table, as far as the boot contract cares: how the kernel is told which partition is the
 * slot's root. GPT partitions have names ({@code root=PARTLABEL=rootfs-a}); an MBR (the Raspberry Pi's boot ROM
 * reads only MBR) has none, so the root is the partition's {@code PARTUUID}, the disk signature and partition
 * number ({@code 1234abcd-02}) that U-Boot's {@code part uuid} reports and the kernel resolves.
 */
public enum PartitionTable {
    GPT,
    MBR
}
