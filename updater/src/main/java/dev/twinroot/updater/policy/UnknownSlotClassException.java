package dev.twinroot.updater.policy;

import dev.twinroot.updater.bundle.PolicyException;

/** A payload targets a slot class this device does not have. */
public final class UnknownSlotClassException extends PolicyException {

    private static final long serialVersionUID = 1L;

    UnknownSlotClassException(String message) {
        super(message);
    }
}
