package dev.twinroot.updater.install;

/** Another install holds the install lock; nothing was changed. Try again when it has finished. */
public final class InstallBusyException extends InstallException {

    public InstallBusyException(String message) {
        super(message);
    }
}
