package dev.twinroot.platform.linux;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.DeviceNumber;
import dev.twinroot.platform.Errno;
import dev.twinroot.platform.PlatformException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

final class LinuxBlockDevices implements BlockDevices {

    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private final Ioctls ioctls;
    private final Path sysDevBlock;

    LinuxBlockDevices(Ioctls ioctls, Path sysDevBlock) {
        this.ioctls = ioctls;
        this.sysDevBlock = sysDevBlock;
    }

    /**
     * Two descriptors: one for ioctls, one FileChannel for data, because the JDK gives no descriptor number
     * for a channel. Both name the same block device inode, so fsync on either flushes what either wrote.
     */
    @Override
    public BlockDevice open(Path device, BlockDevice.Access access) throws IOException {
        DeviceNumber number = deviceNumber(device);
        boolean writable = access == BlockDevice.Access.READ_WRITE;
        Fd fd = Fd.open(device, writable ? LibC.O_RDWR : LibC.O_RDONLY);
        try {
            FileChannel channel = writable
                    ? FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(device, StandardOpenOption.READ);
            return new LinuxBlockDevice(device, fd, channel, ioctls, number, sysDevBlock);
        } catch (IOException | RuntimeException e) {
            try {
                fd.close();
            } catch (PlatformException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public DeviceNumber deviceNumber(Path device) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(device, "unix:mode");
        } catch (NoSuchFileException e) {
            throw PlatformException.of(Errno.ENOENT, "stat", device.toString());
        }
        if ((mode & S_IFMT) != S_IFBLK) {
            throw PlatformException.of(Errno.ENOTBLK, "device number", device.toString());
        }
        return DeviceNumber.fromDevT((Long) Files.getAttribute(device, "unix:rdev"));
    }
}
