package dev.twinroot.platform;

import java.io.IOException;
import java.nio.file.Path;

/** Opens block devices (whole disks or partitions) for ioctls and raw I/O. */
public interface BlockDevices {

    /** Fails with ENOTBLK unless {@code device} is a block device node (an image file is not). */
    BlockDevice open(Path device, BlockDevice.Access access) throws IOException;

    /** The device's {@code major:minor}; fails unless {@code device} is a block device. */
    DeviceNumber deviceNumber(Path device) throws IOException;

    /**
     * The node the kernel creates for partition {@code number} of {@code disk}: {@code /dev/sda} gives
     * {@code /dev/sda2}, a name ending in a digit gets a {@code p} first ({@code /dev/loop3p2},
     * {@code /dev/mmcblk0p2}, {@code /dev/nvme0n1p2}), as the kernel's {@code disk_name()} does.
     */
    static Path partitionPath(Path disk, int number) {
        if (number < 1) {
            throw new IllegalArgumentException("partition numbers start at 1, found " + number);
        }
        String name = disk.getFileName().toString();
        String separator = Character.isDigit(name.charAt(name.length() - 1)) ? "p" : "";
        return disk.resolveSibling(name + separator + number);
    }
}
