package dev.twinroot.platform.fake;

import dev.twinroot.platform.Errno;
import dev.twinroot.platform.PlatformException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FakePowerTest {

    @Test
    void recordsRequestsWithTheirTimeAndCanRefuseThem() throws java.io.IOException {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        FakePlatform fakes = FakePlatform.create(clock);
        fakes.platform().power().reboot();
        clock.advance(Duration.ofMinutes(1));
        fakes.platform().power().powerOff();
        assertEquals(List.of(
                new FakePower.Request(FakePower.Action.REBOOT, Instant.parse("2026-01-01T00:00:00Z")),
                new FakePower.Request(FakePower.Action.POWER_OFF, Instant.parse("2026-01-01T00:01:00Z"))),
                fakes.power().requests());
        fakes.power().refuse(Errno.EPERM);
        PlatformException e = assertThrows(PlatformException.class, () -> fakes.platform().power().reboot());
        assertEquals("EPERM", e.errnoName());
        assertEquals(2, fakes.power().requests().size());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    }
}
