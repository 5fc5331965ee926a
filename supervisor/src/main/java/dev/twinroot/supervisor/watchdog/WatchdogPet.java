package dev.twinroot.supervisor.watchdog;

import java.io.IOException;

/**
 * The hardware watchdog, as the supervisor uses it: pet it while all is well. Opening the device, setting its
 * timeout and closing it are the platform module's Watchdog; the daemon's wiring adapts it to this.
 */
public interface WatchdogPet {

    void pet() throws IOException;
}
