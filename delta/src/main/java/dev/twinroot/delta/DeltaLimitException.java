package dev.twinroot.delta;

/** The delta declares a length beyond what a reader accepts (operation size, payload size): rejected before allocating. */
public final class DeltaLimitException extends DeltaException {
    private static final long serialVersionUID = 1L;

    public DeltaLimitException(String message) {
        super(message);
    }

    public DeltaLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
