package dev.twinroot.platform;

import java.io.IOException;

/**
 * A system call failed. Carries the errno, its symbolic name, the operation (the call or ioctl, e.g.
 * {@code BLKPG add partition 2}) and what it acted on (a path), so a message reads
 * {@code BLKDISCARD on /dev/loop3: EOPNOTSUPP (Operation not supported)}.
 *
 * <p>Build one with {@link #of}, which picks the subtype a caller handles differently:
 * {@link DeviceBusyException} (retry later, detach, or refuse) and {@link NotSupportedException} (fall back,
 * e.g. write zeros where a device cannot discard).
 */
public class PlatformException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String operation;
    private final String target;

    protected PlatformException(int errno, String operation, String target) {
        super(operation + " on " + target + ": " + describe(errno));
        this.errno = errno;
        this.operation = operation;
        this.target = target;
    }

    /** The exception for {@code errno}, of the subtype a caller can act on when there is one. */
    public static PlatformException of(int errno, String operation, String target) {
        if (errno == Errno.EBUSY.number()) {
            return new DeviceBusyException(errno, operation, target);
        }
        if (errno == Errno.ENOTTY.number() || errno == Errno.EOPNOTSUPP.number() || errno == Errno.ENOSYS.number()) {
            return new NotSupportedException(errno, operation, target);
        }
        return new PlatformException(errno, operation, target);
    }

    public static PlatformException of(Errno errno, String operation, String target) {
        return of(errno.number(), operation, target);
    }

    public int errno() {
        return errno;
    }

    /** The symbolic name, e.g. {@code ENOTTY}; {@code errno 200} for a number this table does not know. */
    public String errnoName() {
        return Errno.of(errno).map(Enum::name).orElse("errno " + errno);
    }

    public String operation() {
        return operation;
    }

    public String target() {
        return target;
    }

    private static String describe(int errno) {
        return Errno.of(errno).map(e -> e.name() + " (" + e.description() + ")").orElse("errno " + errno);
    }
}
