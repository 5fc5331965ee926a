package dev.twinroot.supervisor.log;

import java.util.logging.LogManager;

/**
 * The JDK's LogManager resets itself in a shutdown hook of its own, closing and removing every handler while
 * the daemon's shutdown hook may still be stopping the applications: their last log lines would go nowhere.
 * This one skips that reset while a {@link Logs} is running; {@link Logs#shutdown} closes its handlers itself,
 * last. Chosen by {@link Logs#useDaemonLogManager} before anything logs (the JDK reads the property once).
 */
public final class DaemonLogManager extends LogManager {

    private volatile boolean resetDeferred;

    public DaemonLogManager() {
        // public and without arguments: the JDK instantiates it by name.
    }

    void deferReset(boolean defer) {
        resetDeferred = defer;
    }

    @Override
    public void reset() {
        if (!resetDeferred) {
            super.reset();
        }
    }
}
