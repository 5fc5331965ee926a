package dev.twinroot.supervisor.watchdog;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Liveness of a loop: the loop beats on every iteration (and a long step beats as it progresses); it counts as
 * hung once it has been silent longer than {@code maxSilence}.
 */
public final class Heartbeat implements Liveness {

    private final String name;
    private final Duration maxSilence;
    private final InstantSource clock;
    private volatile Instant last;

    public Heartbeat(String name, Duration maxSilence, InstantSource clock) {
        this.name = name;
        this.maxSilence = maxSilence;
        this.clock = clock;
        this.last = clock.instant();
    }

    public void beat() {
        last = clock.instant();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> problem(Instant now) {
        Duration silent = Duration.between(last, now);
        if (silent.compareTo(maxSilence) > 0) {
            return Optional.of(name + " silent for " + silent.toSeconds() + " s (at most " + maxSilence.toSeconds()
                    + " s allowed)");
        }
        return Optional.empty();
    }
}
