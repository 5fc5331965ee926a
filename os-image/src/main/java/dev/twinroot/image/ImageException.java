package dev.twinroot.image;

import java.io.IOException;

/** Root of the os-image module's checked exceptions: building a rootfs, an initramfs or a filesystem failed. */
public class ImageException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
