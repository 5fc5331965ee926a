package dev.twinroot.supervisor.watchdog;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pets the watchdog while the daemon starts, until its main loop takes over ({@link #stop}), but no longer than
 * {@code limit}: the watchdog is armed as soon as the configuration is read, and what comes before the main loop
 * (growing the data partition, finishing an interrupted install, starting the API and the applications) may take
 * longer than its timeout on a slow board (over a minute was seen under QEMU TCG on a loaded host). A start that
 * hangs past the limit is not petted any more, so the board resets as it would for a hung main loop.
 */
public final class StartupKeepAlive implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StartupKeepAlive.class.getName());
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    private StartupKeepAlive(WatchdogPet pet, Duration interval, Instant limit, InstantSource clock) {
        this.thread = new Thread(() -> run(pet, interval, limit, clock), "watchdog-startup");
        this.thread.setDaemon(true);
    }

    /** Starts petting every {@code interval} until {@link #stop} or until {@code limit} has passed on {@code clock}. */
    public static StartupKeepAlive start(WatchdogPet pet, Duration interval, Duration limit, InstantSource clock) {
        StartupKeepAlive k = new StartupKeepAlive(pet, interval, clock.instant().plus(limit), clock);
        k.thread.start();
        return k;
    }

    private void run(WatchdogPet pet, Duration interval, Instant limit, InstantSource clock) {
        try {
            while (stopped.getCount() > 0) {
                if (clock.instant().isAfter(limit)) {
                    LOG.severe("the supervisor's start took longer than its limit; the watchdog is no longer petted");
                    return;
                }
                try {
                    pet.pet();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot pet the watchdog during start", e);
                }
                stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The main loop takes over: stops petting and waits for the thread to end. */
    public void stop() {
        stopped.countDown();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
