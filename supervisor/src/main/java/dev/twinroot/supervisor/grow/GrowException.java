package dev.twinroot.supervisor.grow;

import dev.twinroot.supervisor.SupervisorException;

/**
 * The data partition cannot be grown as it is: not a mounted ext4 partition, not the last partition, a
 * superblock that is not ext4, a kernel that disagrees with the table. Recorded, and the daemon goes on.
 */
public final class GrowException extends SupervisorException {
    private static final long serialVersionUID = 1L;

    public GrowException(String message) {
        super(message);
    }

    public GrowException(String message, Throwable cause) {
        super(message, cause);
    }
}
