package dev.twinroot.updater.bootcontrol;

import java.io.IOException;

/** The boot state could not be read, understood or written. Subtypes say what the caller can do about it. */
public class BootStateException extends IOException {
    private static final long serialVersionUID = 1L;

    public BootStateException(String message) {
        super(message);
    }

    public BootStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
