package dev.twinroot.supervisor.assessment;

import java.io.IOException;

/** Restarts the device (platform Power in the daemon's wiring). */
public interface Reboots {

    /** Asks for a reboot; returns once it is under way (or never, on a real device). */
    void reboot(String reason) throws IOException;
}
