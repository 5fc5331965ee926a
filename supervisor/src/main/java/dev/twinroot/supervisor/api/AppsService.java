package dev.twinroot.supervisor.api;

import java.io.IOException;

/**
 * What the local API can ask of the application containers ({@code /v2/apps}). Refusals are
 * {@link ApiException}s (an unknown service is {@link ErrorKind#NOT_FOUND}, a malformed target state
 * {@link ErrorKind#BAD_REQUEST}).
 */
public interface AppsService {

    Wire.AppsResponse apps() throws IOException;

    Wire.MessageResponse restart(String name) throws IOException;

    /** The last {@code lines} lines of the service's log, oldest first. */
    Wire.LogsResponse logs(String name, int lines) throws IOException;

    /** Validates a target state and starts applying it in the background; its outcome shows in {@link #apps}. */
    Wire.MessageResponse applyTarget(byte[] targetState) throws IOException;
}
