package dev.twinroot.delta;

import java.io.IOException;

/**
 * Root of every failure the delta module reports. Callers that only need "it failed" catch this; the subtypes
 * say what to do next: a {@link DeltaFormatException} means the delta file is damaged or foreign (fetch it
 * again), a {@link SourceMismatchException} means the delta was built for another image (pick another delta),
 * a {@link TargetMismatchException} means the rebuilt bytes are wrong (never boot them), a
 * {@link DeltaLimitException} means the delta asks for more than this reader allows.
 */
public class DeltaException extends IOException {
    private static final long serialVersionUID = 1L;

    public DeltaException(String message) {
        super(message);
    }

    public DeltaException(String message, Throwable cause) {
        super(message, cause);
    }
}
