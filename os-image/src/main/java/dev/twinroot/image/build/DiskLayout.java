package dev.twinroot.image.build;

import dev.twinroot.updater.contract.PartitionTable;
import dev.twinroot.partitioner.PartitionException;
import dev.twinroot.partitioner.layout.LayoutPlanner;
import dev.twinroot.partitioner.layout.LayoutSpec;
import dev.twinroot.updater.contract.Partition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The partition layout of an image, generated for the partitioner: numbers and labels from the boot contract
 * ({@link Partition}, in table order), sizes from the config, every GUID from the seed. The disk is the
 * partitions plus 1 MiB in front (alignment, primary GPT) and 1 MiB behind (backup GPT).
 */
final class DiskLayout {
    static final long MIB = 1L << 20;

    private DiskLayout() {
    }

    /** MBR for the Raspberry Pi 4 (its boot ROM reads only MBR), GPT otherwise. */
    static PartitionTable partitionTable(ImageConfig config) {
        return config.machine().equals("raspberrypi4-64") ? PartitionTable.MBR : PartitionTable.GPT;
    }

    /** The disk signature the MBR of this config's disk gets (derived from the seed): half of every PARTUUID. */
    static long mbrSignature(ImageConfig config) throws PartitionException {
        return new LayoutPlanner(new Random(0)).mbr(of(config), DiskAssembler.SECTOR).diskSignature();
    }

    static LayoutSpec of(ImageConfig config) {
        boolean mbr = partitionTable(config) == PartitionTable.MBR;
        List<LayoutSpec.PartitionSpec> partitions = new ArrayList<>();
        long total = 2 * MIB;
        for (Partition p : Partition.values()) {
            long bytes = bytes(config, p);
            total = Math.addExact(total, bytes);
            partitions.add(new LayoutSpec.PartitionSpec(p.label(), type(p, mbr), bytes + "",
                    null, p == Partition.BOOT && !mbr ? List.of("legacy-bios-bootable") : null,
                    p == Partition.BOOT && mbr ? Boolean.TRUE : null));
        }
        return new LayoutSpec(mbr ? "mbr" : "gpt", Long.toString(total), "1MiB", null, config.seed(), null, partitions);
    }

    /** The size of one partition: the ext4 and vfat images are made exactly this size, squashfs/erofs slots fit in it. */
    static long bytes(ImageConfig config, Partition p) {
        return switch (p) {
            case BOOT -> config.sizes().bootBytes();
            case ROOTFS_A, ROOTFS_B -> config.sizes().slotBytes();
            case DATA -> config.sizes().dataBytes();
        };
    }

    private static String type(Partition p, boolean mbr) {
        if (p == Partition.BOOT) {
            // The Raspberry Pi firmware reads only a FAT partition of type 0x0c; U-Boot and UEFI take an ESP.
            return mbr ? "fat32" : "efi";
        }
        return "linux";
    }
}
