package dev.twinroot.supervisor.apps;

import dev.twinroot.supervisor.SupervisorException;

/**
 * The root of the application containers' exceptions: a registry that cannot be reached, a runtime that
 * failed, a store that cannot be written. Subtypes say what a caller does differently: {@link AppsFormatException}
 * refuses a release for good, {@link DigestMismatchException} discards what was downloaded and may retry.
 */
public class AppsException extends SupervisorException {
    private static final long serialVersionUID = 1L;

    public AppsException(String message) {
        super(message);
    }

    public AppsException(String message, Throwable cause) {
        super(message, cause);
    }
}
