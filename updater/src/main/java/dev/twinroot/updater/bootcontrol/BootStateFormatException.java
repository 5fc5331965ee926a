package dev.twinroot.updater.bootcontrol;

/**
 * Stored bytes are not a valid boot state: bad checksum, broken layout, or a variable with a value the
 * contract does not allow. A reader with a second copy falls back to it.
 */
public final class BootStateFormatException extends BootStateException {
    private static final long serialVersionUID = 1L;

    public BootStateFormatException(String message) {
        super(message);
    }

    public BootStateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
