package dev.twinroot.supervisor.daemon;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.platform.Power;
import dev.twinroot.supervisor.assessment.Reboots;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@link Reboots} the way the rest of the system expects: ask the init system to reboot (busybox {@code reboot},
 * {@code systemctl reboot}), so it stops this daemon and the applications and unmounts the file systems, then
 * wait. A device still up after the fallback time (init hung, or ignored the request) is rebooted here: sync(2),
 * reboot(2) through the platform's {@link Power}. A command that fails or is missing gets that fallback at once.
 *
 * <p>The hardware watchdog is left as it is throughout: while this daemon runs its main loop pets it, and once
 * init has stopped the daemon nobody does, so a shutdown that hangs still ends in a reset.
 */
final class OrderlyReboots implements Reboots {

    private static final Logger LOG = Logger.getLogger(OrderlyReboots.class.getName());
    /** busybox reboot and systemctl reboot return as soon as init has the request. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Waits are cut into steps so the monotonic clock, not one long sleep, decides when the time is up. */
    private static final Duration STEP = Duration.ofSeconds(1);

    /** Sleeping, apart so tests can advance a fake clock instead. */
    interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    private final List<String> command;
    private final Duration fallback;
    private final Power power;
    private final InstantSource monotonic;
    private final Pause pause;

    OrderlyReboots(List<String> command, Duration fallback, Power power, InstantSource monotonic, Pause pause) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("reboot command: expected a program and its arguments, found []");
        }
        this.command = List.copyOf(command);
        this.fallback = fallback;
        this.power = power;
        this.monotonic = monotonic;
        this.pause = pause;
    }

    static OrderlyReboots of(List<String> command, Duration fallback, Power power, InstantSource monotonic) {
        return new OrderlyReboots(command, fallback, power, monotonic, d -> Thread.sleep(d.toMillis()));
    }

    /**
     * Returns only once the fallback reboot(2) was called (a real machine never returns from it) or by throwing:
     * {@link InterruptedIOException} when interrupted while waiting for init, which then is the one going on.
     */
    @Override
    public void reboot(String reason) throws IOException {
        String program = command.get(0);
        LOG.warning(() -> "rebooting: " + reason + "; asking the init system (" + String.join(" ", command) + ")");
        try {
            tool().run(command.subList(1, command.size()), COMMAND_TIMEOUT).requireSuccess();
        } catch (IOException e) {
            LOG.severe(() -> "the init system did not take the reboot request (" + e.getMessage()
                    + "): syncing and rebooting without it");
            power.reboot();
            return;
        }
        Instant deadline = monotonic.instant().plus(fallback);
        try {
            Instant now;
            while ((now = monotonic.instant()).isBefore(deadline)) {
                Duration left = Duration.between(now, deadline);
                pause.sleep(left.compareTo(STEP) < 0 ? left : STEP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the init system to reboot");
        }
        LOG.severe(() -> "the system did not go down within " + fallback.toSeconds() + " s of '" + program
                + "': syncing and rebooting without the init system (services are not stopped)");
        power.reboot();
    }

    private ExternalTool tool() {
        String program = command.get(0);
        return new ExternalTool(program, program.equals("systemctl") ? "systemd" : "busybox");
    }
}
