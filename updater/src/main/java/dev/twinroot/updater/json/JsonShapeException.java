package dev.twinroot.updater.json;

import java.io.IOException;

/**
 * JSON that is not valid, or valid but not of the shape a reader expects. The message names the field's path and
 * says what was expected and what was found ({@code api.port: expected a whole number, found a string}); callers
 * put the file's name in front and rethrow their own module's exception.
 */
public final class JsonShapeException extends IOException {

    private static final long serialVersionUID = 1L;

    public JsonShapeException(String message) {
        super(message);
    }
}
