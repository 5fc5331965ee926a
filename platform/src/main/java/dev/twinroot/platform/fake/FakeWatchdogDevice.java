package dev.twinroot.platform.fake;

import dev.twinroot.platform.Errno;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.Watchdog;
import dev.twinroot.platform.WatchdogInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One fake watchdog device, as the test sees it: when it was petted, whether it is counting down, and
 * whether it has expired, i.e. when a real one would have reset the machine. Expiry is latched: a pet that
 * comes after the deadline does not undo it, just as a reset machine cannot be un-reset.
 */
public final class FakeWatchdogDevice {

    private final Path path;
    private final InstantSource clock;
    private final WatchdogInfo info;
    private final boolean nowayout;
    private final List<Instant> pets = new ArrayList<>();
    private Duration timeout;
    private boolean open;
    private boolean armed;
    private Instant deadline = Instant.MAX;
    private Optional<Instant> expiredAt = Optional.empty();

    FakeWatchdogDevice(Path path, InstantSource clock, Duration timeout, WatchdogInfo info, boolean nowayout) {
        this.path = path;
        this.clock = clock;
        this.timeout = timeout;
        this.info = info;
        this.nowayout = nowayout;
    }

    public synchronized boolean armed() {
        return armed;
    }

    public synchronized Duration timeout() {
        return timeout;
    }

    /** Every keepalive, including the implicit one of opening, in order. */
    public synchronized List<Instant> pets() {
        return List.copyOf(pets);
    }

    /** When the countdown ran out while armed: the moment a real watchdog would have reset the machine. */
    public synchronized Optional<Instant> expiredAt() {
        latch();
        return expiredAt;
    }

    public synchronized boolean expired() {
        return expiredAt().isPresent();
    }

    synchronized Watchdog open() throws PlatformException {
        if (open) {
            throw PlatformException.of(Errno.EBUSY, "open", path.toString());
        }
        latch();
        open = true;
        armed = true;
        pet();
        return new Handle();
    }

    private void latch() {
        if (armed && expiredAt.isEmpty() && clock.instant().isAfter(deadline)) {
            expiredAt = Optional.of(deadline);
        }
    }

    private void pet() {
        Instant now = clock.instant();
        pets.add(now);
        deadline = now.plus(timeout);
    }

    /** The open descriptor; unusable after either close, like a closed file descriptor. */
    private final class Handle implements Watchdog {
        private boolean closed;

        @Override
        public Duration timeout() throws PlatformException {
            synchronized (FakeWatchdogDevice.this) {
                check("WDIOC_GETTIMEOUT");
                return timeout;
            }
        }

        @Override
        public Duration setTimeout(Duration newTimeout) throws PlatformException {
            if (newTimeout.getNano() != 0 || newTimeout.getSeconds() < 1 || newTimeout.getSeconds() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("watchdog timeout must be whole seconds from 1, found " + newTimeout);
            }
            synchronized (FakeWatchdogDevice.this) {
                check("WDIOC_SETTIMEOUT");
                timeout = newTimeout;
                pet(); // the watchdog core pings after a new timeout
                return timeout;
            }
        }

        @Override
        public void keepAlive() throws PlatformException {
            synchronized (FakeWatchdogDevice.this) {
                check("WDIOC_KEEPALIVE");
                pet();
            }
        }

        @Override
        public WatchdogInfo info() throws PlatformException {
            synchronized (FakeWatchdogDevice.this) {
                check("WDIOC_GETSUPPORT");
                return info;
            }
        }

        @Override
        public void closeDisarmed() throws PlatformException {
            synchronized (FakeWatchdogDevice.this) {
                check("write magic 'V'");
                if (!nowayout) {
                    armed = false;
                    deadline = Instant.MAX;
                }
                closed = true;
                open = false;
            }
        }

        @Override
        public void closeArmed() throws PlatformException {
            synchronized (FakeWatchdogDevice.this) {
                check("close");
                closed = true;
                open = false;
            }
        }

        private void check(String operation) {
            if (closed) {
                throw new IllegalStateException(operation + " on " + path + " after it was closed");
            }
            latch();
        }
    }
}
