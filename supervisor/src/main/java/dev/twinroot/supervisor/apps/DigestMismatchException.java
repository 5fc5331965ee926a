package dev.twinroot.supervisor.apps;

/** Downloaded or loaded bytes do not hash to the digest that named them; they are discarded, never stored. */
public final class DigestMismatchException extends AppsException {
    private static final long serialVersionUID = 1L;

    public DigestMismatchException(String message) {
        super(message);
    }
}
