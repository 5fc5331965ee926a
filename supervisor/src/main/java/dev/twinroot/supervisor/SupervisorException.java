package dev.twinroot.supervisor;

import java.io.IOException;

/**
 * The root of the supervisor's checked exceptions. Subtypes name what a caller does differently: a bad
 * configuration stops the daemon, a corrupt record is set aside, a bad HTTP request gets a 4xx answer.
 */
public class SupervisorException extends IOException {
    private static final long serialVersionUID = 1L;

    public SupervisorException(String message) {
        super(message);
    }

    public SupervisorException(String message, Throwable cause) {
        super(message, cause);
    }
}
