package dev.twinroot.updater.policy;

import dev.twinroot.updater.bundle.PolicyException;

/** The bundle's version is below the device's anti-rollback floor; no option overrides this. */
public final class RollbackFloorException extends PolicyException {

    private static final long serialVersionUID = 1L;

    RollbackFloorException(String message) {
        super(message);
    }
}
