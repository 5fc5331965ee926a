package dev.twinroot.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's recovery at boot: an install cut during "activate" is judged by what booted. */
class BootRecoveryTest {

    @TempDir
    Path dir;
    InstallFixture f;
    Path bundle;

    @BeforeEach
    void device() throws IOException {
        f = new InstallFixture(dir, InstallFixture.PKI.signer("release"));
        bundle = f.fullBundle("full", "1.2.0", InstallFixture.NEW);
    }

    /** Installs from A and loses power during "activate", with the flip applied or not. */
    private void cutDuringActivate(boolean flipApplied) throws IOException {
        Installer cut = f.installer(InstallFixture.failingAfter(f.store(), 1, flipApplied), f.journal(), f.slots());
        assertThrows(InstallFixture.PowerCut.class, () -> cut.install(bundle.toString()));
        assertInstanceOf(InstallState.Activating.class, f.journal().read().orElseThrow());
    }

    private Installer bootedFrom(Slot booted) {
        return new Installer(f.environment(BootControls.over(f.store(), booted), f.journal(), f.slots()),
                InstallProgress.NONE);
    }

    @Test
    void theFlipHappenedAndTheTargetBootedSoTheInstallIsFinishedWithoutTouchingTheBootState() throws IOException {
        cutDuringActivate(true);
        BootState flipped = f.bootState();
        assertEquals(Slot.B, flipped.primary());
        InstallState after = bootedFrom(Slot.B).recoverAtBoot().orElseThrow();
        assertInstanceOf(InstallState.RebootPending.class, after);
        // Redoing the flip would reset the tries of a boot that is on trial.
        assertEquals(flipped, f.bootState());
        assertEquals("1.2.0", f.status().read().slot(Slot.B).orElseThrow().version().toString());
    }

    @Test
    void theFlipNeverHappenedSoTheInstallIsAbandonedAndTheRunningSlotStaysFirst() throws IOException {
        cutDuringActivate(false);
        InstallState after = bootedFrom(Slot.A).recoverAtBoot().orElseThrow();
        assertInstanceOf(InstallState.Abandoned.class, after);
        assertEquals(Slot.A, f.bootState().primary());
        assertEquals(0, f.bootState().triesLeft(Slot.B));
        assertEquals(Slot.A, f.nextBoot());
    }

    @Test
    void theTargetWasTriedAndFellBackSoItIsNeverActivatedAgain() throws IOException {
        cutDuringActivate(true);
        // The bootloader tried B until its tries ran out and fell back to A.
        f.store().update(s -> s.withTriesLeft(Slot.B, 0));
        InstallState after = bootedFrom(Slot.A).recoverAtBoot().orElseThrow();
        assertInstanceOf(InstallState.Abandoned.class, after);
        assertEquals(0, f.bootState().triesLeft(Slot.B));
        assertEquals(Slot.A, f.nextBoot());
    }

    @Test
    void anInterruptedWriteIsAbandonedAndAFinishedInstallLeftAlone() throws IOException {
        Installer cut = f.installer(f.store(), f.journal(), InstallFixture.failingAfter(f.slots(), 30_000));
        assertThrows(InstallFixture.PowerCut.class, () -> cut.install(bundle.toString()));
        assertInstanceOf(InstallState.Abandoned.class, bootedFrom(Slot.A).recoverAtBoot().orElseThrow());
        assertInstanceOf(InstallState.Abandoned.class, bootedFrom(Slot.A).recoverAtBoot().orElseThrow());
        assertEquals(Slot.A, f.nextBoot());
    }
}
