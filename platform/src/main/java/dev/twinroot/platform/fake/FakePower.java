package dev.twinroot.platform.fake;

import dev.twinroot.platform.Errno;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.Power;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records reboot and power-off requests with the time they came, and returns (a real machine would not).
 * {@link #refuse} makes the next requests fail as an unprivileged process's would.
 */
public final class FakePower implements Power {

    public enum Action { REBOOT, POWER_OFF }

    public record Request(Action action, Instant at) {
    }

    private final InstantSource clock;
    private final List<Request> requests = new ArrayList<>();
    private Optional<Errno> refusal = Optional.empty();

    public FakePower(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public void reboot() throws PlatformException {
        request(Action.REBOOT, "reboot(RB_AUTOBOOT)");
    }

    @Override
    public void powerOff() throws PlatformException {
        request(Action.POWER_OFF, "reboot(RB_POWER_OFF)");
    }

    private synchronized void request(Action action, String operation) throws PlatformException {
        if (refusal.isPresent()) {
            throw PlatformException.of(refusal.get(), operation, "this machine");
        }
        requests.add(new Request(action, clock.instant()));
    }

    /** From now on every request fails with {@code errno} (EPERM is what the kernel says without CAP_SYS_BOOT). */
    public synchronized void refuse(Errno errno) {
        refusal = Optional.of(errno);
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }
}
