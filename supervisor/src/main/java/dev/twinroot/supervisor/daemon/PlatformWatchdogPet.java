package dev.twinroot.supervisor.daemon;

import dev.twinroot.platform.Watchdog;
import dev.twinroot.platform.Watchdogs;
import dev.twinroot.supervisor.watchdog.WatchdogPet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@link WatchdogPet} over the platform's hardware watchdog. The device is opened and armed once, at start,
 * and never closed with the magic character: if the supervisor dies, nobody pets it and the board resets,
 * which on a trial boot counts as a failed attempt.
 */
final class PlatformWatchdogPet implements WatchdogPet {

    private final Watchdog watchdog;

    private PlatformWatchdogPet(Watchdog watchdog) {
        this.watchdog = watchdog;
    }

    static PlatformWatchdogPet open(Watchdogs watchdogs, Path device, Duration timeout) throws IOException {
        Watchdog watchdog = watchdogs.open(device);
        watchdog.setTimeout(timeout);
        watchdog.keepAlive();
        return new PlatformWatchdogPet(watchdog);
    }

    @Override
    public void pet() throws IOException {
        watchdog.keepAlive();
    }
}
