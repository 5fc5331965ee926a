package dev.twinroot.updater.bootcontrol;

/** The kernel command line does not say which slot booted: the system was not started by Twinroot's boot script. */
public final class UnknownBootedSlotException extends BootStateException {
    private static final long serialVersionUID = 1L;

    public UnknownBootedSlotException(String message) {
        super(message);
    }
}
