package dev.twinroot.supervisor.agent;

import java.io.IOException;
import java.util.Optional;

/**
 * What the update agent needs from the updater's installer: write one bundle (full or delta) from a URL into
 * the inactive slot, verify it and flip BOOT_ORDER, leaving the pending-update record for the next boot. The
 * daemon's wiring adapts the updater's installer to this when it lands.
 */
public interface Installer {

    /**
     * Installs and returns once the new slot is first in BOOT_ORDER. {@code alive} is called as work
     * progresses, so the watchdog loop knows a long install is not a hang.
     */
    void install(ChannelIndex.Artifact artifact, String version, Optional<String> deltaFrom, Runnable alive)
            throws IOException;
}
