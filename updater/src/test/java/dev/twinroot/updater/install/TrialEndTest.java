package dev.twinroot.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last install's record follows the trial boot of its slot to its end, and only that install's. */
class TrialEndTest {

    @TempDir
    Path dir;
    InstallFixture f;

    @BeforeEach
    void installIntoB() throws IOException {
        f = new InstallFixture(dir, InstallFixture.PKI.signer("release"));
        f.installer().install(f.fullBundle("full", "1.2.0", InstallFixture.NEW).toString());
        assertEquals(InstallRecord.REBOOT_PENDING, last().result());
    }

    private InstallRecord last() throws IOException {
        return f.status().read().lastInstall().orElseThrow();
    }

    @Test
    void aCommittedTrialMakesTheInstallCommitted() throws IOException {
        InstallRecord before = last();
        f.status().recordTrialEnd(Slot.B, true, Optional.empty());
        assertEquals(new InstallRecord(before.source(), before.version(), Slot.B, InstallRecord.COMMITTED,
                Optional.empty(), before.at()), last());
    }

    @Test
    void aFallbackMakesItRolledBackWithTheReason() throws IOException {
        f.status().recordTrialEnd(Slot.B, false, Optional.of("slot B failed its health checks"));
        assertEquals(InstallRecord.ROLLED_BACK, last().result());
        assertEquals(Optional.of("slot B failed its health checks"), last().message());
    }

    @Test
    void onlyThePendingInstallOfThatSlotChangesAndOnlyOnce() throws IOException {
        f.status().recordTrialEnd(Slot.A, true, Optional.empty());
        assertEquals(InstallRecord.REBOOT_PENDING, last().result(), "a boot of the other slot is not this trial");
        f.status().recordTrialEnd(Slot.B, true, Optional.empty());
        f.status().recordTrialEnd(Slot.B, false, Optional.of("a late, repeated call"));
        assertEquals(InstallRecord.COMMITTED, last().result(), "an ended trial does not end again");
        assertEquals(Optional.empty(), last().message());
    }

    @Test
    void nothingInstalledIsNothingToRecord() throws IOException {
        InstallFixture fresh = new InstallFixture(dir.resolve("fresh"), InstallFixture.PKI.signer("release"));
        fresh.status().recordTrialEnd(Slot.B, true, Optional.empty());
        assertEquals(Optional.empty(), fresh.status().read().lastInstall());
    }
}
