package dev.twinroot.supervisor.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WatchdogLoopTest {

    final FakeClock clock = FakeClock.at("2026-11-28T02:00:00Z");
    final AtomicInteger pets = new AtomicInteger();
    final WatchdogPet watchdog = pets::incrementAndGet;

    @Test
    void petsOnlyWhileEveryComponentIsAlive() throws IOException {
        Heartbeat agent = new Heartbeat("update-agent", Duration.ofSeconds(60), clock);
        Heartbeat api = new Heartbeat("api", Duration.ofSeconds(60), clock);
        WatchdogLoop loop = new WatchdogLoop(List.of(agent, api), watchdog, clock);

        assertEquals(List.of(), loop.iterate());
        assertEquals(1, pets.get());

        clock.advance(Duration.ofSeconds(45));
        agent.beat();
        clock.advance(Duration.ofSeconds(30));
        List<String> problems = loop.iterate();
        assertEquals(List.of("api silent for 75 s (at most 60 s allowed)"), problems);
        assertEquals(1, pets.get(), "a hung component stops the petting");

        api.beat();
        assertEquals(List.of(), loop.iterate());
        assertEquals(2, pets.get(), "petting resumes once it is alive again");
    }

    @Test
    void aHungMainLoopStopsPettingOnItsOwn() throws Exception {
        Heartbeat agent = new Heartbeat("update-agent", Duration.ofMinutes(1), clock);
        WatchdogLoop loop = new WatchdogLoop(List.of(agent), watchdog, clock);
        CountDownLatch hang = new CountDownLatch(1);
        AtomicInteger iterations = new AtomicInteger();
        Thread main = new Thread(() -> {
            try {
                while (true) {
                    loop.iterate();
                    if (iterations.incrementAndGet() == 5) {
                        hang.await(); // the main loop blocks on something forever
                    }
                    Thread.sleep(5);
                }
            } catch (InterruptedException | IOException e) {
                // test over
            }
        });
        main.start();
        long until = System.nanoTime() + 5_000_000_000L;
        while (iterations.get() < 5 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        int petted = pets.get();
        Thread.sleep(200);
        assertEquals(5, petted);
        assertEquals(petted, pets.get(), "no pet after the loop hung");
        main.interrupt();
        main.join();
    }

    @Test
    void theSupervisorCheckAndTheWatchdogAgree() {
        Heartbeat agent = new Heartbeat("update-agent", Duration.ofSeconds(10), clock);
        clock.advance(Duration.ofSeconds(11));
        List<String> problems = WatchdogLoop.problems(List.of(agent), clock);
        assertTrue(problems.get(0).startsWith("update-agent silent for 11 s"), problems.toString());
    }
}
