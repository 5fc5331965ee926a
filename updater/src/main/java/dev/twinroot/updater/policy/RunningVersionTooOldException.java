package dev.twinroot.updater.policy;

import dev.twinroot.updater.bundle.PolicyException;

/** The device runs a version below the bundle's `minimumVersion`: it needs an intermediate update first. */
public final class RunningVersionTooOldException extends PolicyException {

    private static final long serialVersionUID = 1L;

    RunningVersionTooOldException(String message) {
        super(message);
    }
}
