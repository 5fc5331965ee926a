package dev.twinroot.supervisor.api;

import dev.twinroot.supervisor.SupervisorException;

/** A request the API refuses, and why: the kind decides the HTTP status ({@link ErrorKind}). */
public class ApiException extends SupervisorException {
    private static final long serialVersionUID = 1L;
    private final ErrorKind kind;

    public ApiException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
