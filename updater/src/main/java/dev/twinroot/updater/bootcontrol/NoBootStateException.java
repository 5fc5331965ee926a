package dev.twinroot.updater.bootcontrol;

/** No copy of the boot state exists where it should: usually the boot partition is not mounted there. */
public final class NoBootStateException extends BootStateException {
    private static final long serialVersionUID = 1L;

    public NoBootStateException(String message) {
        super(message);
    }
}
