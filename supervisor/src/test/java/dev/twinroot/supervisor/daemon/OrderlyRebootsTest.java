package dev.twinroot.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.Errno;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.fake.FakeClock;
import dev.twinroot.platform.fake.FakePower;
import dev.twinroot.platform.fake.FakeWatchdogDevice;
import dev.twinroot.platform.fake.FakePlatform;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The init system is asked with a real program ({@code true}, {@code false}, a shell script); the wait runs on a
 * fake clock that the pause advances, so "the system never went down" takes no real time.
 */
class OrderlyRebootsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration FALLBACK = Duration.ofSeconds(90);

    private final FakeClock clock = new FakeClock(START);
    private final FakePlatform platform = FakePlatform.create(clock);
    private Duration slept = Duration.ZERO;

    private OrderlyReboots reboots(List<String> command) {
        return new OrderlyReboots(command, FALLBACK, platform.power(), clock, d -> {
            slept = slept.plus(d);
            clock.advance(d);
        });
    }

    @Test
    void whenInitTakesTheRequestButTheSystemStaysUpItRebootsItselfAtTheFallbackTime() throws Exception {
        reboots(List.of("true")).reboot("update 2.0.0 installed");
        List<FakePower.Request> requests = platform.power().requests();
        assertEquals(1, requests.size());
        assertEquals(FakePower.Action.REBOOT, requests.get(0).action());
        assertEquals(START.plus(FALLBACK), requests.get(0).at(), "reboot(2) exactly when the fallback time ran out");
        assertEquals(FALLBACK, slept);
    }

    @Test
    void theCommandIsRunWithItsArguments(@TempDir Path dir) throws Exception {
        Path mark = dir.resolve("asked");
        reboots(List.of("sh", "-c", "echo \"$0\" > " + mark, "reboot-please")).reboot("asked through the API");
        assertEquals("reboot-please\n", Files.readString(mark));
        assertEquals(START.plus(FALLBACK), platform.power().requests().get(0).at());
    }

    @Test
    void aCommandThatFailsGetsTheFallbackAtOnce() throws Exception {
        reboots(List.of("false")).reboot("trial boot failed");
        assertEquals(List.of(new FakePower.Request(FakePower.Action.REBOOT, START)), platform.power().requests());
        assertEquals(Duration.ZERO, slept, "no wait for an init that refused");
    }

    @Test
    void aMissingCommandGetsTheFallbackAtOnce() throws Exception {
        reboots(List.of("twinroot-no-such-init-tool")).reboot("trial boot failed");
        assertEquals(List.of(new FakePower.Request(FakePower.Action.REBOOT, START)), platform.power().requests());
    }

    @Test
    void aRefusedFallbackIsReported() {
        platform.power().refuse(Errno.EPERM);
        assertThrows(PlatformException.class, () -> reboots(List.of("false")).reboot("trial boot failed"));
    }

    @Test
    void interruptedWhileWaitingItLeavesTheRebootToInit() {
        OrderlyReboots r = new OrderlyReboots(List.of("true"), FALLBACK, platform.power(), clock, d -> {
            throw new InterruptedException("daemon stopping");
        });
        assertThrows(InterruptedIOException.class, () -> r.reboot("update installed"));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals(List.of(), platform.power().requests(), "no forced reboot under a shutdown init is running");
    }

    @Test
    void theWatchdogStaysArmedWhileWaitingAndAHungShutdownEndsInAReset() throws Exception {
        Path device = Path.of("/dev/watchdog");
        FakeWatchdogDevice dog = platform.watchdogs().add(device, Duration.ofSeconds(60));
        PlatformWatchdogPet.open(platform.watchdogs(), device, Duration.ofSeconds(30));
        // The daemon was stopped by init right after the request: nobody pets any more, and the shutdown hangs.
        reboots(List.of("true")).reboot("update installed");
        assertTrue(dog.armed(), "never magic-closed on this path");
        assertEquals(Optional.of(START.plus(Duration.ofSeconds(30))), dog.expiredAt(),
                "the watchdog resets the board 30 s after the last pet, before the 90 s fallback");
    }
}
