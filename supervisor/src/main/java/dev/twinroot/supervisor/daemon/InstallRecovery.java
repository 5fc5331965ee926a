package dev.twinroot.supervisor.daemon;

import java.io.IOException;
import java.util.Optional;

/**
 * Deals with an install a power cut interrupted, once, when the daemon starts and before it assesses the boot:
 * finished if this boot proves its slot flip happened, abandoned otherwise (see the updater's
 * {@code Installer.recoverAtBoot}).
 */
public interface InstallRecovery {

    /** What happened to the interrupted install, if the journal held one. */
    Optional<String> recoverAtBoot() throws IOException;
}
