package dev.twinroot.platform;

/**
 * EBUSY: the device, partition or mount point is in use (mounted, opened by someone else, a partition of it
 * open during BLKRRPART). The caller can refuse, detach ({@link UnmountFlag#DETACH}), or use BLKPG instead of
 * re-reading the whole table.
 */
public final class DeviceBusyException extends PlatformException {
    private static final long serialVersionUID = 1L;

    DeviceBusyException(int errno, String operation, String target) {
        super(errno, operation, target);
    }
}
