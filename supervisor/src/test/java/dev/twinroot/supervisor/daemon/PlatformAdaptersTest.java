package dev.twinroot.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.fake.FakeClock;
import dev.twinroot.platform.fake.FakeWatchdogDevice;
import dev.twinroot.platform.fake.FakePlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlatformAdaptersTest {

    @Test
    void theWatchdogIsArmedAtOpenAndExpiresWhenNotPetted() throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        FakePlatform platform = FakePlatform.create(clock);
        Path device = Path.of("/dev/watchdog");
        FakeWatchdogDevice dog = platform.watchdogs().add(device, Duration.ofSeconds(60));
        PlatformWatchdogPet pet = PlatformWatchdogPet.open(platform.watchdogs(), device, Duration.ofSeconds(30));
        assertTrue(dog.armed());
        assertEquals(Duration.ofSeconds(30), dog.timeout());
        clock.advance(Duration.ofSeconds(20));
        pet.pet();
        clock.advance(Duration.ofSeconds(20));
        assertFalse(dog.expired(), "petted 20 s ago with a 30 s timeout");
        clock.advance(Duration.ofSeconds(11));
        assertTrue(dog.expired(), "31 s without a pet");
    }
}
