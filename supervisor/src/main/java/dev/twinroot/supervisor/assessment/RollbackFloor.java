package dev.twinroot.supervisor.assessment;

import java.io.IOException;

/**
 * The device's anti-rollback floor: the lowest version the installer will ever accept again. The supervisor
 * raises it to each update it commits, so a committed release cannot be replaced by an older signed bundle.
 * The daemon's wiring adapts the updater's {@code rollback-floor} record to this.
 */
public interface RollbackFloor {

    /** Makes {@code committedVersion} the floor unless the floor is already at or above it. Idempotent. */
    void raise(String committedVersion) throws IOException;
}
