package dev.twinroot.updater.policy;

import dev.twinroot.updater.bundle.PolicyException;

/** A payload's image is larger than the slot it would be written to. */
public final class SlotTooSmallException extends PolicyException {

    private static final long serialVersionUID = 1L;

    SlotTooSmallException(String message) {
        super(message);
    }
}
