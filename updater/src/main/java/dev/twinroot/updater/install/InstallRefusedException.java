package dev.twinroot.updater.install;

/** The device is not in a state where this action is safe; nothing was changed. */
public final class InstallRefusedException extends InstallException {

    public InstallRefusedException(String message) {
        super(message);
    }
}
