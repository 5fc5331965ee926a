package dev.twinroot.updater.install;

/** The slot, read back after writing, does not hold the image the manifest promised. It stays marked bad. */
public final class TargetVerificationException extends InstallException {

    public TargetVerificationException(String message) {
        super(message);
    }
}
