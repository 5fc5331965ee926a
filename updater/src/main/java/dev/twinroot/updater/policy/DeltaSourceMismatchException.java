package dev.twinroot.updater.policy;

import dev.twinroot.updater.bundle.PolicyException;

/** A delta was made against another image than the one in the active slot (or that image is unknown). */
public final class DeltaSourceMismatchException extends PolicyException {

    private static final long serialVersionUID = 1L;

    DeltaSourceMismatchException(String message) {
        super(message);
    }
}
