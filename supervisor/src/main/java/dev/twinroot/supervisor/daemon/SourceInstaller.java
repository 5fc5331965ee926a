package dev.twinroot.supervisor.daemon;

import dev.twinroot.updater.install.InstallProgress;
import dev.twinroot.updater.install.InstallState;
import java.io.IOException;

/**
 * Installs one bundle from an absolute path or an http(s) URL into the inactive slot, as {@code twinrootctl
 * install} asks: what the daemon runs for {@code POST /v1/install} ({@link ApiInstalls}). On a device it is the
 * updater's installer ({@link UpdaterInstaller}); tests give their own.
 */
@FunctionalInterface
public interface SourceInstaller {

    /** Returns the install's last state (the new slot first in BOOT_ORDER) or throws why it failed. */
    InstallState install(String source, InstallProgress progress) throws IOException;
}
