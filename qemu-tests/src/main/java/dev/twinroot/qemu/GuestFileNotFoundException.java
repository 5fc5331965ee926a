package dev.twinroot.qemu;

/** The file asked for is not on the partition: a scenario may expect exactly that (nothing was written). */
public final class GuestFileNotFoundException extends QemuException {
    private static final long serialVersionUID = 1L;

    GuestFileNotFoundException(String message) {
        super(message);
    }
}
