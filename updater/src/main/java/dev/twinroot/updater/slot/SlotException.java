package dev.twinroot.updater.slot;

import java.io.IOException;

/** A slot's storage cannot be found or used. */
public class SlotException extends IOException {

    public SlotException(String message) {
        super(message);
    }
}
