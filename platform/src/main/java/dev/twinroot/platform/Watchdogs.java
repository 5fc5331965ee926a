package dev.twinroot.platform;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a hardware (or soft) watchdog device. */
public interface Watchdogs {

    Path DEFAULT_DEVICE = Path.of("/dev/watchdog");

    /**
     * Opens the device, which starts the countdown: from here on, {@link Watchdog#keepAlive()} must come
     * more often than the timeout or the machine resets. Only one process may hold it open (EBUSY).
     */
    Watchdog open(Path device) throws IOException;
}
