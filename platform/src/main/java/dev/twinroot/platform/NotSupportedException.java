package dev.twinroot.platform;

/**
 * ENOTTY, EOPNOTSUPP or ENOSYS: this file, device or kernel does not do that operation at all (an ioctl on
 * a regular file, discard on a device without it). Retrying is pointless; a fallback may exist.
 */
public final class NotSupportedException extends PlatformException {
    private static final long serialVersionUID = 1L;

    NotSupportedException(int errno, String operation, String target) {
        super(errno, operation, target);
    }
}
