package dev.twinroot.supervisor;

/** A record on the data partition cannot be read: truncated, not JSON, or missing a field. */
public final class RecordException extends SupervisorException {
    private static final long serialVersionUID = 1L;

    public RecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
