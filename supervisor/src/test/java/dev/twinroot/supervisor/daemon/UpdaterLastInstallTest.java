package dev.twinroot.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.platform.AtomicFile;
import dev.twinroot.platform.fake.FakeFileSync;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.updater.install.DeviceStatusStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bug this fixes: after B committed, status still showed its install as {@code reboot-pending}. The
 * assessment's calls, through the updater's real store, change what status reads.
 */
class UpdaterLastInstallTest {

    @TempDir
    Path data;
    UpdaterLastInstall lastInstall;

    @BeforeEach
    void installed() throws IOException {
        // What the installer leaves after writing B, as docs/config-updater.md shows the record.
        Files.writeString(data.resolve(DeviceStatusStore.FILE), """
                {"format": 1, "lastInstall": {"source": "http://10.0.2.100/os-2.0.0.twb", "version": "2.0.0",
                 "slot": "B", "result": "reboot-pending", "at": "2026-11-28T03:00:00Z"}, "slots": {}}
                """);
        lastInstall = new UpdaterLastInstall(new DeviceStatusStore(data, new AtomicFile(new FakeFileSync(),
                new Random(1)), Clock.fixed(Instant.parse("2026-11-28T03:05:00Z"), ZoneOffset.UTC)));
    }

    private Wire.InstallView shown() throws IOException {
        return StatusReport.of(new StateDir(data), Wire.StatusResponse.FROM_RECORDS, Optional.of("B"),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of()).lastInstall().orElseThrow();
    }

    @Test
    void statusShowsTheInstallCommittedOnceItsSlotIs() throws IOException {
        assertEquals("reboot-pending", shown().result());
        lastInstall.trialCommitted("B");
        assertEquals(new Wire.InstallView("http://10.0.2.100/os-2.0.0.twb", "2.0.0", "B", "committed",
                Optional.empty(), Instant.parse("2026-11-28T03:00:00Z")), shown());
    }

    @Test
    void statusShowsTheInstallRolledBackWithTheReasonAfterAFallback() throws IOException {
        lastInstall.trialRolledBack("B", "slot B failed its health checks: check 'app' failed (3 boots)");
        assertEquals("rolled-back", shown().result());
        assertEquals(Optional.of("slot B failed its health checks: check 'app' failed (3 boots)"), shown().message());
    }

    @Test
    void aSlotNameTheUpdaterDoesNotKnowIsAnError() {
        assertThrows(IOException.class, () -> lastInstall.trialCommitted("C"));
    }
}
