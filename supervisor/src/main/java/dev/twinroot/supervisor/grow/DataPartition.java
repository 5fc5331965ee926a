package dev.twinroot.supervisor.grow;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.DeviceNumber;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The partition a filesystem is mounted from and the disk that holds it. The mount table names the
 * partition's node ({@code /dev/vda3}); the disk's node is found by undoing the kernel's naming
 * ({@link BlockDevices#partitionPath}) and then confirmed by the kernel: the disk must list a partition with
 * the mounted device number, whose number is the partition's number in the table.
 */
record DataPartition(Path partition, Path disk, int number, long start, long length) {

    static DataPartition locate(BlockDevices devices, Path partition, DeviceNumber mounted) throws IOException {
        for (Path disk : diskCandidates(partition)) {
            List<BlockDevice.Partition> known;
            try (BlockDevice d = devices.open(disk, BlockDevice.Access.READ_ONLY)) {
                known = d.partitions();
            } catch (IOException e) {
                continue; // not a disk node after all: try the next reading of the name
            }
            Optional<BlockDevice.Partition> p = known.stream().filter(k -> k.device().equals(mounted)).findFirst();
            if (p.isPresent() && BlockDevices.partitionPath(disk, p.get().number()).equals(partition)) {
                return new DataPartition(partition, disk, p.get().number(), p.get().start(), p.get().length());
            }
        }
        throw new GrowException(partition + " (" + mounted + ") is not a partition of a disk the kernel knows: "
                + "a whole disk, or a device mapper or loop file, cannot grow");
    }

    /** {@code vda3 -> vda}, {@code mmcblk0p3 -> mmcblk0}, {@code nvme0n1p2 -> nvme0n1}, {@code loop5p3 -> loop5}. */
    static List<Path> diskCandidates(Path partition) {
        String name = partition.getFileName() == null ? "" : partition.getFileName().toString();
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        List<Path> out = new ArrayList<>();
        if (end == name.length() || end == 0) {
            return out;
        }
        String base = name.substring(0, end);
        if (base.length() > 1 && base.endsWith("p") && Character.isDigit(base.charAt(base.length() - 2))) {
            out.add(partition.resolveSibling(base.substring(0, base.length() - 1)));
        }
        out.add(partition.resolveSibling(base));
        return out;
    }
}
