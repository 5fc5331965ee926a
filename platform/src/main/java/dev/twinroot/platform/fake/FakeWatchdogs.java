package dev.twinroot.platform.fake;

import dev.twinroot.platform.Errno;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.Watchdog;
import dev.twinroot.platform.WatchdogInfo;
import dev.twinroot.platform.Watchdogs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Watchdog devices that count down against an injected clock. Add a device, then open it like a real one. */
public final class FakeWatchdogs implements Watchdogs {

    private final InstantSource clock;
    private final Map<Path, FakeWatchdogDevice> devices = new HashMap<>();

    public FakeWatchdogs(InstantSource clock) {
        this.clock = clock;
    }

    /** A device like the i6300esb or softdog: settable timeout, magic close, keepalive; {@code nowayout} off. */
    public synchronized FakeWatchdogDevice add(Path path, Duration initialTimeout) {
        return add(path, initialTimeout, false);
    }

    /** With {@code nowayout}, magic close does not stop the countdown (CONFIG_WATCHDOG_NOWAYOUT). */
    public synchronized FakeWatchdogDevice add(Path path, Duration initialTimeout, boolean nowayout) {
        WatchdogInfo info = new WatchdogInfo(
                WatchdogInfo.SETTIMEOUT | WatchdogInfo.MAGICCLOSE | WatchdogInfo.KEEPALIVEPING, 0, "Fake Watchdog");
        FakeWatchdogDevice device = new FakeWatchdogDevice(path, clock, initialTimeout, info, nowayout);
        if (devices.putIfAbsent(path, device) != null) {
            throw new IllegalArgumentException("a fake watchdog already exists at " + path);
        }
        return device;
    }

    public synchronized Optional<FakeWatchdogDevice> device(Path path) {
        return Optional.ofNullable(devices.get(path));
    }

    @Override
    public synchronized Watchdog open(Path path) throws PlatformException {
        FakeWatchdogDevice device = devices.get(path);
        if (device == null) {
            throw PlatformException.of(Errno.ENOENT, "open", path.toString());
        }
        return device.open();
    }
}
