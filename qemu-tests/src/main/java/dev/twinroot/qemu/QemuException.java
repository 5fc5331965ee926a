package dev.twinroot.qemu;

import java.io.IOException;

/**
 * Everything the harness reports: QEMU would not start, the guest did not print what a scenario waited for,
 * a file could not be read back from the disk. Subtypes are the cases a caller handles differently.
 */
public class QemuException extends IOException {
    private static final long serialVersionUID = 1L;

    public QemuException(String message) {
        super(message);
    }

    public QemuException(String message, Throwable cause) {
        super(message, cause);
    }
}
