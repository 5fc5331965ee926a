package dev.twinroot.supervisor.api;

import dev.twinroot.supervisor.SupervisorException;

/** The daemon's API took the connection but did not answer in time: it runs, but is busy or hung. */
public final class ApiTimeoutException extends SupervisorException {
    private static final long serialVersionUID = 1L;

    public ApiTimeoutException(String message) {
        super(message);
    }
}
