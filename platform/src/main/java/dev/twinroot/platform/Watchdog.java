package dev.twinroot.platform;

import java.io.IOException;
import java.time.Duration;

/**
 * An open watchdog: it resets the machine unless petted within its timeout. Deliberately not
 * {@link java.io.Closeable}: a try-with-resources block would hide whether leaving it should stop the
 * countdown ({@link #closeDisarmed()}) or keep it running ({@link #closeArmed()}, what a supervisor wants when
 * it is the one that has gone wrong).
 */
public interface Watchdog {

    /** WDIOC_GETTIMEOUT. */
    Duration timeout() throws IOException;

    /**
     * WDIOC_SETTIMEOUT, in whole seconds (a fraction is an IllegalArgumentException). Returns the timeout the
     * driver really took, which may be rounded to what the hardware can do.
     */
    Duration setTimeout(Duration timeout) throws IOException;

    /** WDIOC_KEEPALIVE: restart the countdown. */
    void keepAlive() throws IOException;

    /** WDIOC_GETSUPPORT: the driver's name and capabilities (ENOTTY if this is not a watchdog). */
    WatchdogInfo info() throws IOException;

    /**
     * Magic close: writes {@code V}, then closes, which stops the countdown (unless the kernel was built with
     * CONFIG_WATCHDOG_NOWAYOUT or the driver's {@code nowayout} is set: then nothing stops it).
     */
    void closeDisarmed() throws IOException;

    /** Closes without the magic character: the countdown goes on and the machine resets at its end. */
    void closeArmed() throws IOException;
}
