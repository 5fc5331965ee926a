package dev.twinroot.delta;

/** The bytes rebuilt from the delta do not hash to what the delta declares: an operation's target hash or the final SHA-256 differs. */
public final class TargetMismatchException extends DeltaException {
    private static final long serialVersionUID = 1L;

    public TargetMismatchException(String message) {
        super(message);
    }

    public TargetMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
