package dev.twinroot.delta;

/** The source image is not the one the delta was built from: a size or hash check on the source failed. */
public final class SourceMismatchException extends DeltaException {
    private static final long serialVersionUID = 1L;

    public SourceMismatchException(String message) {
        super(message);
    }

    public SourceMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
