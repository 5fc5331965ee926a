package dev.twinroot.supervisor.api;

/**
 * The one table from what went wrong to the HTTP status the API answers with. Every error answer is
 * {@code {"error": "..."}} with one of these statuses.
 */
public enum ErrorKind {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    REQUEST_TIMEOUT(408),
    /** The device is in a state where the request makes no sense now (an assessment is running...). */
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    HEADERS_TOO_LARGE(431),
    INTERNAL(500),
    NOT_IMPLEMENTED(501),
    /** Too many requests at once; try again. */
    UNAVAILABLE(503),
    VERSION_NOT_SUPPORTED(505);

    private final int status;

    ErrorKind(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
