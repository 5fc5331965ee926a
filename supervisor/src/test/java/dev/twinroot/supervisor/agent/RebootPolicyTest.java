package dev.twinroot.supervisor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebootPolicyTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWindowIsOpenFromItsStartUntilItsEndInItsZone() {
        MaintenanceWindow w = MaintenanceWindow.parse("02:00-04:00", BERLIN);
        assertFalse(w.contains(Instant.parse("2026-06-01T23:59:59Z"))); // 01:59:59 CEST
        assertTrue(w.contains(Instant.parse("2026-06-02T00:00:00Z")));  // 02:00 CEST
        assertTrue(w.contains(Instant.parse("2026-06-02T01:59:59Z")));
        assertFalse(w.contains(Instant.parse("2026-06-02T02:00:00Z"))); // 04:00 CEST: end excluded
        assertEquals(Instant.parse("2026-06-02T00:00:00Z"), w.nextOpening(Instant.parse("2026-06-01T12:00:00Z")));
        assertEquals(Instant.parse("2026-06-03T00:00:00Z"), w.nextOpening(Instant.parse("2026-06-02T02:00:00Z")));
    }

    @Test
    void aWindowMayCrossMidnight() {
        MaintenanceWindow w = MaintenanceWindow.parse("23:00-01:00", ZoneId.of("UTC"));
        assertTrue(w.contains(Instant.parse("2026-11-28T23:30:00Z")));
        assertTrue(w.contains(Instant.parse("2026-11-29T00:30:00Z")));
        assertFalse(w.contains(Instant.parse("2026-11-29T01:00:00Z")));
        assertEquals(Instant.parse("2026-11-29T23:00:00Z"), w.nextOpening(Instant.parse("2026-11-29T01:00:00Z")));
    }

    @Test
    void aWindowStartingInTheSpringForwardGapOpensWhenTheGapEnds() {
        // 2026-03-29: clocks in Berlin jump from 02:00 to 03:00.
        MaintenanceWindow w = MaintenanceWindow.parse("02:30-04:00", BERLIN);
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), w.nextOpening(Instant.parse("2026-03-28T12:00:00Z")));
    }

    @Test
    void badWindowsAreRefused() {
        for (String bad : new String[] {"2:00-4:00", "02:00-02:00", "25:00-04:00", "02:00 - 04:00", ""}) {
            assertThrows(IllegalArgumentException.class, () -> MaintenanceWindow.parse(bad, BERLIN), bad);
        }
    }

    @Test
    void policiesDecide() throws IOException {
        Instant noon = Instant.parse("2026-06-01T10:00:00Z");
        assertInstanceOf(RebootPolicy.RebootNow.class, new RebootPolicy.Immediate().decide(noon));
        RebootPolicy.WaitUntil w = assertInstanceOf(RebootPolicy.WaitUntil.class,
                new RebootPolicy.InWindow(MaintenanceWindow.parse("02:00-04:00", BERLIN)).decide(noon));
        assertEquals(Instant.parse("2026-06-02T00:00:00Z"), w.when());
        RebootPolicy.WaitUntil locked = assertInstanceOf(RebootPolicy.WaitUntil.class,
                new RebootPolicy.WhenUnlocked(() -> List.of("app/updates.lock")).decide(noon));
        assertEquals("update locks held: app/updates.lock", locked.why());
        assertEquals(noon.plus(RebootPolicy.LOCK_RECHECK), locked.when());
        assertInstanceOf(RebootPolicy.RebootNow.class, new RebootPolicy.WhenUnlocked(List::of).decide(noon));
    }
}
