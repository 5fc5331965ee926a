package dev.twinroot.updater.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.policy.DowngradeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallerTest {

    @TempDir
    Path dir;
    InstallFixture f;

    @BeforeEach
    void device() throws IOException {
        f = new InstallFixture(dir, InstallFixture.PKI.signer("release"));
    }

    @Test
    void aFullBundleIsWrittenVerifiedAndMadePrimary() throws IOException {
        Path bundle = f.fullBundle("full", "1.2.0", InstallFixture.NEW);
        InstallState done = f.installer().install(bundle.toString());
        assertInstanceOf(InstallState.RebootPending.class, done);
        assertArrayEquals(InstallFixture.NEW, f.prefix(f.slotB, InstallFixture.NEW.length));
        BootState s = f.bootState();
        assertEquals(Slot.B, s.primary());
        assertEquals(BootContract.DEFAULT_TRIES, s.triesLeft(Slot.B));
        assertEquals(BootContract.DEFAULT_TRIES, s.triesLeft(Slot.A));
        DeviceStatus status = f.status().read();
        assertEquals("reboot-pending", status.lastInstall().orElseThrow().result());
        assertEquals("1.2.0", status.slot(Slot.B).orElseThrow().version().toString());
        assertInstanceOf(InstallState.RebootPending.class, f.journal().read().orElseThrow());
    }

    @Test
    void aDeltaIsAppliedAgainstTheRunningSlot() throws IOException {
        Path bundle = f.deltaBundle("delta", "1.2.0", InstallFixture.ACTIVE, InstallFixture.NEW);
        byte[] activeBefore = Files.readAllBytes(f.slotA);
        f.installer().install(bundle.toString());
        assertArrayEquals(InstallFixture.NEW, f.prefix(f.slotB, InstallFixture.NEW.length));
        assertArrayEquals(activeBefore, Files.readAllBytes(f.slotA), "the running slot is never written");
        assertEquals(Slot.B, f.bootState().primary());
        assertTrue(Files.notExists(f.dataDir.resolve(InstallEnvironment.CHECKPOINT)));
    }

    @Test
    void theFallbackOfASlotOnTrialIsNotOverwritten() throws IOException {
        f.store().update(s -> s.withTriesLeft(Slot.A, 2));
        byte[] b = Files.readAllBytes(f.slotB);
        Path bundle = f.fullBundle("full", "1.2.0", InstallFixture.NEW);
        InstallRefusedException e = assertThrows(InstallRefusedException.class,
                () -> f.installer().install(bundle.toString()));
        assertTrue(e.getMessage().contains("not committed"), e.getMessage());
        assertArrayEquals(b, Files.readAllBytes(f.slotB));
    }

    @Test
    void aDowngradeIsRefusedBeforeAnythingIsWritten() throws IOException {
        byte[] b = Files.readAllBytes(f.slotB);
        BootState before = f.bootState();
        Path bundle = f.fullBundle("old", "1.0.0", InstallFixture.NEW);
        assertThrows(DowngradeException.class, () -> f.installer().install(bundle.toString()));
        assertArrayEquals(b, Files.readAllBytes(f.slotB));
        assertEquals(before, f.bootState());
        assertTrue(f.journal().read().isEmpty());
    }

    @Test
    void theAntiRollbackFloorOnTheDataPartitionIsEnforced() throws IOException {
        Files.writeString(f.dataDir.resolve(RollbackFloor.FILE), "1.5.0\n");
        Path bundle = f.fullBundle("b", "1.2.0", InstallFixture.NEW);
        IOException e = assertThrows(IOException.class, () -> f.installer().install(bundle.toString()));
        assertTrue(e.getMessage().contains("anti-rollback floor 1.5.0"), e.getMessage());
    }

    @Test
    void recoverFinishesAnInstallWhoseTargetVerified() throws IOException {
        Path bundle = f.fullBundle("full", "1.2.0", InstallFixture.NEW);
        // Power is lost after the journal says "activate", before the boot state changes (its 2nd update).
        Installer cut = f.installer(InstallFixture.failingAfter(f.store(), 1, false), f.journal(), f.slots());
        assertThrows(InstallFixture.PowerCut.class, () -> cut.install(bundle.toString()));
        assertInstanceOf(InstallState.Activating.class, f.journal().read().orElseThrow());
        assertEquals(Slot.A, f.bootState().primary());
        InstallState after = f.installer().recover().orElseThrow();
        assertInstanceOf(InstallState.RebootPending.class, after);
        assertEquals(Slot.B, f.bootState().primary());
    }

    @Test
    void recoverAbandonsAnInterruptedWrite() throws IOException {
        Path bundle = f.fullBundle("full", "1.2.0", InstallFixture.NEW);
        Installer cut = f.installer(f.store(), f.journal(), InstallFixture.failingAfter(f.slots(), 30_000));
        assertThrows(InstallFixture.PowerCut.class, () -> cut.install(bundle.toString()));
        InstallState after = f.installer().recover().orElseThrow();
        assertInstanceOf(InstallState.Abandoned.class, after);
        assertEquals(0, f.bootState().triesLeft(Slot.B));
        assertEquals(Slot.A, f.nextBoot());
        assertEquals("abandoned", f.status().read().lastInstall().orElseThrow().result());
    }

    @Test
    void theSlotMarksRefuseToLeaveNoBootableSlot() throws IOException {
        SlotMarks marks = new SlotMarks(BootControls.over(f.store(), Slot.A), f.journal(), f.status());
        marks.markBad(Slot.B);
        InstallRefusedException e = assertThrows(InstallRefusedException.class, () -> marks.markBad(Slot.A));
        assertTrue(e.getMessage().contains("no slot would be bootable"), e.getMessage());
        InstallRefusedException r = assertThrows(InstallRefusedException.class, marks::rollback);
        assertTrue(r.getMessage().contains("refusing to roll back to slot B"), r.getMessage());
        assertEquals(Slot.A, f.bootState().primary());
    }

    @Test
    void aManualRollbackCancelsAPendingUpdateAndIsRecorded() throws IOException {
        f.installer().install(f.fullBundle("full", "1.2.0", InstallFixture.NEW).toString());
        SlotMarks marks = new SlotMarks(BootControls.over(f.store(), Slot.A), f.journal(), f.status());
        assertEquals(Slot.A, marks.rollback());
        assertEquals(Slot.A, f.bootState().primary());
        RollbackRecord r = f.status().read().lastRollback().orElseThrow();
        assertEquals(Slot.B, r.from());
        assertEquals(Slot.A, r.to());
    }

    @Test
    void aTargetThatDoesNotReadBackIsNeverMadePrimary() throws IOException {
        Path bundle = f.fullBundle("full", "1.2.0", InstallFixture.NEW);
        java.util.Map<Slot, dev.twinroot.updater.slot.SlotStorage> slots = new java.util.EnumMap<>(f.slots());
        slots.put(Slot.B, new PowerCutSlot(slots.get(Slot.B), Long.MAX_VALUE, 12_345));
        TargetVerificationException e = assertThrows(TargetVerificationException.class,
                () -> f.installer(f.store(), f.journal(), slots).install(bundle.toString()));
        assertTrue(e.getMessage().contains("read back: SHA-256 of the first " + InstallFixture.NEW.length
                + " bytes is"), e.getMessage());
        assertEquals(Slot.A, f.bootState().primary());
        assertEquals(0, f.bootState().triesLeft(Slot.B));
        assertInstanceOf(InstallState.Failed.class, f.journal().read().orElseThrow());
        assertEquals("failed", f.status().read().lastInstall().orElseThrow().result());
        assertTrue(f.status().read().slot(Slot.B).isEmpty(), "an unverified image was recorded");
    }
}
