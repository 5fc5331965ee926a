package dev.twinroot.supervisor.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StartupKeepAliveTest {

    @Test
    void petsUntilStoppedThenNeverAgain() throws Exception {
        AtomicInteger pets = new AtomicInteger();
        StartupKeepAlive k = StartupKeepAlive.start(pets::incrementAndGet, Duration.ofMillis(20), Duration.ofMinutes(5),
                InstantSource.system());
        long until = System.nanoTime() + 5_000_000_000L;
        while (pets.get() < 3 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertTrue(pets.get() >= 3, "petted while the start runs: " + pets.get());
        k.stop();
        int atStop = pets.get();
        Thread.sleep(100);
        assertEquals(atStop, pets.get(), "no pet after the main loop took over");
    }

    @Test
    void aStartThatHangsPastTheLimitIsNotPettedAnyMore() throws Exception {
        AtomicInteger pets = new AtomicInteger();
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T10:00:00Z"));
        try (StartupKeepAlive k = StartupKeepAlive.start(pets::incrementAndGet, Duration.ofMillis(10),
                Duration.ofMinutes(5), now::get)) {
            long until = System.nanoTime() + 5_000_000_000L;
            while (pets.get() < 2 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            now.set(now.get().plus(Duration.ofMinutes(6)));
            Thread.sleep(100);
            int afterLimit = pets.get();
            Thread.sleep(100);
            assertEquals(afterLimit, pets.get(), "the board is left to reset");
        }
    }
}
