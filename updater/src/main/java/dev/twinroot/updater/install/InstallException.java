package dev.twinroot.updater.install;

import java.io.IOException;

/** The installer's failures that are not the bundle's, the policy's or the boot state's own exceptions. */
public class InstallException extends IOException {

    public InstallException(String message) {
        super(message);
    }

    public InstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
