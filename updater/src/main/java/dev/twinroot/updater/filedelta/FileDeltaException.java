package dev.twinroot.updater.filedelta;

import java.io.IOException;

/** A delta that cannot rebuild its target: damaged, made for another source, or over the engine's limits. */
public final class FileDeltaException extends IOException {
    private static final long serialVersionUID = 1L;

    public FileDeltaException(String message, Throwable cause) {
        super(message, cause);
    }
}
