package dev.twinroot.platform.linux;

import dev.twinroot.platform.Filesystems;
import dev.twinroot.platform.PlatformException;

import java.nio.file.Path;

/**
 * The ioctl goes to a descriptor of the mount point directory, as resize2fs does for a mounted filesystem:
 * any open file of the filesystem names it to the kernel, and the directory needs no write permission.
 */
final class LinuxFilesystems implements Filesystems {

    private final Ioctls ioctls;

    LinuxFilesystems(Ioctls ioctls) {
        this.ioctls = ioctls;
    }

    @Override
    public void growExt4(Path mountPoint, long blocks) throws PlatformException {
        if (blocks <= 0) {
            throw new IllegalArgumentException("an ext4 filesystem has at least one block, asked for " + blocks);
        }
        try (Fd fd = Fd.open(mountPoint, LibC.O_RDONLY)) {
            long[] count = {blocks};
            fd.call("EXT4_IOC_RESIZE_FS " + blocks + " blocks", n -> LibC.ioctl(n, ioctls.ext4ResizeFs(), count));
        }
    }
}
