package dev.twinroot.supervisor.apps;

/**
 * Untrusted input is malformed or over a cap: a target state, an image manifest or config, an image archive, a
 * layer. Retrying does not help; the release that carries it is refused.
 */
public final class AppsFormatException extends AppsException {
    private static final long serialVersionUID = 1L;

    public AppsFormatException(String message) {
        super(message);
    }

    public AppsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
