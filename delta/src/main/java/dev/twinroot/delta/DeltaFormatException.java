package dev.twinroot.delta;

/** The delta's bytes are not a valid delta: foreign, truncated, corrupted or of an unknown version. */
public final class DeltaFormatException extends DeltaException {
    private static final long serialVersionUID = 1L;

    public DeltaFormatException(String message) {
        super(message);
    }

    public DeltaFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
