package dev.twinroot.qemu;

/** The console did not show what was awaited in time. The message ends with the console's last lines. */
public final class ConsoleTimeoutException extends QemuException {
    private static final long serialVersionUID = 1L;

    ConsoleTimeoutException(String message) {
        super(message);
    }
}
