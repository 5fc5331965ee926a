package dev.twinroot.supervisor.api;

/** The bytes on a connection are not an HTTP/1.1 request this server accepts. */
public final class HttpProtocolException extends ApiException {
    private static final long serialVersionUID = 1L;

    public HttpProtocolException(ErrorKind kind, String message) {
        super(kind, message);
    }
}
