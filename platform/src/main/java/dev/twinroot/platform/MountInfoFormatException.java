package dev.twinroot.platform;

import java.io.IOException;

/**
 * A mountinfo line did not have the shape proc(5) describes. Not a system call failure, so not a
 * {@link PlatformException}: there is no errno.
 */
public final class MountInfoFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    MountInfoFormatException(int line, String message) {
        super("mountinfo line " + line + ": " + message);
    }
}
