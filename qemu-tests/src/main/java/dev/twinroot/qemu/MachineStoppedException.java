package dev.twinroot.qemu;

/**
 * QEMU exited (the guest powered off, a reset under {@code exitOnReboot}, a crash, a power cut) while the caller
 * still waited for console output. Thrown as soon as the console closes, not when the wait times out.
 */
public final class MachineStoppedException extends QemuException {
    private static final long serialVersionUID = 1L;

    MachineStoppedException(String message) {
        super(message);
    }
}
