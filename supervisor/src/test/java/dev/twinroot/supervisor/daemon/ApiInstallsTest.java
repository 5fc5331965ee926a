package dev.twinroot.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.FakeClock;
import dev.twinroot.supervisor.api.ApiException;
import dev.twinroot.supervisor.api.ErrorKind;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.updater.bundle.PayloadKind;
import dev.twinroot.updater.bundle.Sha256;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.InstallRefusedException;
import dev.twinroot.updater.install.InstallState;
import dev.twinroot.updater.install.InstallTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The daemon's API installs with a scripted installer: one at a time, numbered events, waits, endings, liveness. */
class ApiInstallsTest {

    private static final InstallTarget TARGET = new InstallTarget("/data/os.twb", Slot.B, Version.parse("2.0.0"),
            PayloadKind.FULL, 1000, new Sha256("0".repeat(64)));

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch written = new CountDownLatch(1);

    /** Marks bad, writes 1000 bytes in 1-byte steps, then waits for the test before activating. */
    private final SourceInstaller scripted = (source, progress) -> {
        progress.state(new InstallState.MarkingBad(TARGET));
        progress.state(new InstallState.Writing(TARGET));
        for (int i = 1; i <= 1000; i++) {
            progress.bytes("write", i, 1000);
        }
        progress.note("slot B: prepared");
        written.countDown();
        await(release);
        progress.state(new InstallState.Activating(TARGET));
        return new InstallState.RebootPending(TARGET);
    };

    @Test
    void oneInstallAtATimeWithItsEventsNumberedAndItsEnd() throws Exception {
        ApiInstalls installs = new ApiInstalls(scripted, clock);
        Wire.InstallStarted started = installs.start("/data/os.twb");
        assertEquals(1, started.id());
        assertTrue(written.await(10, TimeUnit.SECONDS));

        ApiException busy = assertThrows(ApiException.class, () -> installs.start("/data/other.twb"));
        assertEquals(ErrorKind.CONFLICT, busy.kind());
        assertEquals("another install is running (install 1 of /data/os.twb)", busy.getMessage());

        Wire.InstallRun run = installs.progress(1, 0, Duration.ZERO);
        assertEquals(Wire.InstallRun.RUNNING, run.result());
        List<Map<String, Object>> events = run.events();
        assertEquals(Map.of("seq", 1L, "state", "mark-bad", "slot", "B", "version", "2.0.0"), events.get(0));
        assertEquals(Map.of("seq", 3L, "phase", "write", "done", 1L, "total", 1000L), events.get(2));
        assertEquals(2 + 101 + 1, events.size(), "one bytes event per percent (0..100), and the two states and the note");
        assertEquals(Map.of("seq", 104L, "note", "slot B: prepared"), events.get(events.size() - 1));
        assertEquals(104, run.next());
        assertEquals(List.of(), installs.progress(1, 104, Duration.ZERO).events(), "nothing after the last");

        Thread releaser = new Thread(() -> {
            sleep(300);
            release.countDown();
        });
        releaser.start();
        long t0 = System.nanoTime();
        Wire.InstallRun waited = installs.progress(1, 104, Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8), "answered when the next event came");
        assertEquals("activate", waited.events().get(0).get("state"));

        Wire.InstallRun end = waitForEnd(installs, 1);
        assertEquals(Wire.InstallRun.INSTALLED, end.result());
        assertEquals(List.of(Optional.of("2.0.0"), Optional.of("B"), Optional.empty()),
                List.of(end.version(), end.slot(), end.error()));
        assertEquals(2, installs.start("/data/os.twb").id(), "a new install once the last one ended");
    }

    @Test
    void aFailureIsOneLineAndAnUnknownInstallIsNotFound() throws Exception {
        ApiInstalls installs = new ApiInstalls((source, progress) -> {
            throw new InstallRefusedException("no trusted signature on the manifest:\nsignature 0: expired");
        }, clock);
        assertEquals(1, installs.start("http://10.0.2.100/os.twb").id());
        Wire.InstallRun end = waitForEnd(installs, 1);
        assertEquals(Wire.InstallRun.FAILED, end.result());
        assertEquals(Optional.of("no trusted signature on the manifest: signature 0: expired"), end.error());

        ApiException gone = assertThrows(ApiException.class, () -> installs.progress(7, 0, Duration.ZERO));
        assertEquals(ErrorKind.NOT_FOUND, gone.kind());
        assertEquals("no install 7 (the last one is 1)", gone.getMessage());
    }

    @Test
    void aBugInTheInstallerFailsTheInstallAndSaysSo() throws Exception {
        ApiInstalls installs = new ApiInstalls((source, progress) -> {
            throw new IllegalStateException("oops");
        }, clock);
        installs.start("/data/os.twb");
        assertEquals(Optional.of("internal error (a bug in the supervisor): oops; see its log"),
                waitForEnd(installs, 1).error());
    }

    @Test
    void anInstallSilentForFiveMinutesLooksHung() throws Exception {
        ApiInstalls installs = new ApiInstalls(scripted, clock);
        assertEquals(Optional.empty(), installs.problem(clock.instant()), "no install: alive");
        installs.start("/data/os.twb");
        assertTrue(written.await(10, TimeUnit.SECONDS));
        clock.advance(ApiInstalls.MAX_SILENCE);
        assertEquals(Optional.empty(), installs.problem(clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of("install 1 has reported no progress for 301 s (at most 300 s allowed)"),
                installs.problem(clock.instant()));
        release.countDown();
        waitForEnd(installs, 1);
        assertEquals(Optional.empty(), installs.problem(clock.instant()), "an install that ended is not hung");
    }

    private static Wire.InstallRun waitForEnd(ApiInstalls installs, long id) throws ApiException {
        long after = 0;
        for (int i = 0; i < 100; i++) {
            Wire.InstallRun run = installs.progress(id, after, Duration.ofMillis(200));
            if (!run.result().equals(Wire.InstallRun.RUNNING)) {
                return run;
            }
            after = run.next();
        }
        throw new AssertionError("install " + id + " did not end");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
