package dev.twinroot.platform.fake;

import dev.twinroot.platform.DeviceBusyException;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.Watchdog;
import dev.twinroot.platform.WatchdogInfo;
import dev.twinroot.platform.Watchdogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeWatchdogsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeClock clock = new FakeClock(T0);
    private final FakeWatchdogs watchdogs = new FakeWatchdogs(clock);
    private final FakeWatchdogDevice device = watchdogs.add(Watchdogs.DEFAULT_DEVICE, Duration.ofSeconds(30));

    @Test
    void petsWithinTheTimeoutKeepItAlive() throws java.io.IOException {
        Watchdog dog = watchdogs.open(Watchdogs.DEFAULT_DEVICE);
        assertEquals(Duration.ofSeconds(10), dog.setTimeout(Duration.ofSeconds(10)));
        assertEquals(Duration.ofSeconds(10), dog.timeout());
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(9));
            dog.keepAlive();
        }
        clock.advance(Duration.ofSeconds(10));
        assertFalse(device.expired());
        assertEquals(7, device.pets().size()); // open, set timeout, five keepalives
        assertEquals(T0.plusSeconds(45), device.pets().get(6));
        dog.closeDisarmed();
        clock.advance(Duration.ofDays(1));
        assertFalse(device.expired());
        assertFalse(device.armed());
    }

    @Test
    void aMissedPetExpiresAtTheDeadlineAndALatePetCannotUndoIt() throws java.io.IOException {
        Watchdog dog = watchdogs.open(Watchdogs.DEFAULT_DEVICE);
        clock.advance(Duration.ofSeconds(30));
        assertFalse(device.expired(), "exactly at the deadline is still in time");
        clock.advance(Duration.ofSeconds(5));
        dog.keepAlive();
        assertEquals(Optional.of(T0.plusSeconds(30)), device.expiredAt());
    }

    @Test
    void closingArmedKeepsCountingAndOnlyOneOpenerAtATime() throws java.io.IOException {
        Watchdog dog = watchdogs.open(Watchdogs.DEFAULT_DEVICE);
        assertThrows(DeviceBusyException.class, () -> watchdogs.open(Watchdogs.DEFAULT_DEVICE));
        dog.closeArmed();
        assertThrows(IllegalStateException.class, dog::keepAlive);
        assertTrue(device.armed());
        clock.advance(Duration.ofSeconds(31));
        assertTrue(device.expired());
    }

    @Test
    void nowayoutIgnoresTheMagicClose() throws java.io.IOException {
        FakeWatchdogDevice strict = watchdogs.add(java.nio.file.Path.of("/dev/watchdog1"), Duration.ofSeconds(5), true);
        Watchdog dog = watchdogs.open(java.nio.file.Path.of("/dev/watchdog1"));
        dog.closeDisarmed();
        clock.advance(Duration.ofSeconds(6));
        assertTrue(strict.expired());
    }

    @Test
    void reportsItsCapabilitiesAndRefusesBadInput() throws java.io.IOException {
        Watchdog dog = watchdogs.open(Watchdogs.DEFAULT_DEVICE);
        WatchdogInfo info = dog.info();
        assertTrue(info.supports(WatchdogInfo.MAGICCLOSE | WatchdogInfo.SETTIMEOUT | WatchdogInfo.KEEPALIVEPING));
        assertThrows(IllegalArgumentException.class, () -> dog.setTimeout(Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class, () -> dog.setTimeout(Duration.ZERO));
        assertEquals("ENOENT", assertThrows(PlatformException.class,
                () -> watchdogs.open(java.nio.file.Path.of("/dev/watchdog9"))).errnoName());
        assertEquals(List.of(T0), device.pets());
    }
}
