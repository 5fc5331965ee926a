package dev.twinroot.updater.policy;

import dev.twinroot.updater.bundle.PolicyException;

/** The bundle's `compatible` string is not this device's type: it was built for other hardware. */
public final class IncompatibleBundleException extends PolicyException {

    private static final long serialVersionUID = 1L;

    IncompatibleBundleException(String message) {
        super(message);
    }
}
