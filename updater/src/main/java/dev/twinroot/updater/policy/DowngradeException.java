package dev.twinroot.updater.policy;

import dev.twinroot.updater.bundle.PolicyException;

/** The bundle's version is lower than the running version and downgrades are not allowed. */
public final class DowngradeException extends PolicyException {

    private static final long serialVersionUID = 1L;

    DowngradeException(String message) {
        super(message);
    }
}
