package dev.twinroot.image.flash;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.DeviceBusyException;
import dev.twinroot.platform.Errno;
import dev.twinroot.platform.FileSync;
import dev.twinroot.platform.NotSupportedException;
import dev.twinroot.platform.PlatformException;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Optional;

/** A block device as flash target. */
final class DeviceTarget implements FlashTarget {

    private final BlockDevice device;
    private final FileSync fileSync;

    DeviceTarget(BlockDevice device, FileSync fileSync) {
        this.device = device;
        this.fileSync = fileSync;
    }

    @Override
    public Path path() {
        return device.path();
    }

    @Override
    public SeekableByteChannel channel() {
        return device.channel();
    }

    /** fdatasync through a second descriptor: the kernel syncs the device inode, whichever fd wrote. */
    @Override
    public void syncData() throws IOException {
        fileSync.fdatasync(device.path());
    }

    @Override
    public void dropCache() throws IOException {
        fileSync.dropCache(device.path());
    }

    @Override
    public Optional<String> rereadPartitionTable(boolean imageHasPartitionTable) {
        try {
            device.rereadPartitionTable();
            if (imageHasPartitionTable && device.partitions().isEmpty()) {
                return Optional.of("the kernel re-read the partition table of " + path() + " and found no partitions:"
                        + " this kernel may lack partition parsers (CONFIG_MSDOS_PARTITION / CONFIG_EFI_PARTITION)");
            }
            return Optional.empty();
        } catch (DeviceBusyException e) {
            return Optional.of("the kernel kept the old partitions of " + path() + " (" + e.errnoName()
                    + ": a partition is in use); unplug and replug the device before mounting it");
        } catch (NotSupportedException e) {
            return Optional.of(path() + " cannot re-read its partition table (" + e.errnoName() + "); replug it");
        } catch (PlatformException e) {
            if (e.errno() == Errno.EINVAL.number()) {
                return Optional.of("the kernel does not scan partitions on " + path()
                        + " (EINVAL: e.g. a loop device attached without --partscan)");
            }
            return Optional.of("re-reading the partition table of " + path() + " failed: " + e.getMessage());
        } catch (IOException e) {
            return Optional.of("listing the partitions of " + path() + " failed: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        device.close();
    }
}
