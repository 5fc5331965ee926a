package dev.twinroot.image.flash;

import java.io.IOException;

/**
 * Anything that stops a flash: a refused target, a corrupt image, a failed read-back, an I/O error. The
 * message is one line that names the file or device.
 */
public class FlashException extends IOException {
    private static final long serialVersionUID = 1L;

    public FlashException(String message) {
        super(message);
    }

    public FlashException(String message, Throwable cause) {
        super(message, cause);
    }
}
