package dev.twinroot.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.assessment.PendingUpdate;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdaterBootChooserTest {

    @TempDir
    Path dir;

    @Test
    void aSlotIsOnTrialExactlyWhileThePendingUpdateNamesIt() throws IOException {
        FileBootStateStore store = new FileBootStateStore(dir.resolve("boot-state"));
        store.initialize(BootState.defaults());
        StateDir state = new StateDir(dir.resolve("data"));
        UpdaterBootChooser chooser = new UpdaterBootChooser(BootControls.over(store, Slot.B), state);

        assertTrue(chooser.isCommitted("B"), "no pending update: every booted slot is committed");
        Files.createDirectories(state.pendingFile().getParent());
        Files.writeString(state.pendingFile(), "{\"version\":\"2.0.0\",\"targetSlot\":\"B\",\"installedAt\":\"2026-11-28T02:10:00Z\"}");
        assertEquals(Optional.of(new PendingUpdate("2.0.0", Optional.empty(), "B", Instant.parse("2026-11-28T02:10:00Z"))),
                state.loadPending());
        assertFalse(chooser.isCommitted("B"));
        assertTrue(chooser.isCommitted("A"));
    }

    @Test
    void markGoodAndPutFirstChangeTheBootState() throws IOException {
        FileBootStateStore store = new FileBootStateStore(dir.resolve("boot-state"));
        store.initialize(BootState.defaults());
        UpdaterBootChooser chooser = new UpdaterBootChooser(BootControls.over(store, Slot.B), new StateDir(dir.resolve("data")));

        assertEquals("B", chooser.bootedSlot());
        assertEquals("A", chooser.primarySlot());
        chooser.putFirst("B");
        assertEquals("B", chooser.primarySlot());
        chooser.markGood("B");
        assertEquals(3, store.read().triesLeft().get(Slot.B));
        assertThrows(IOException.class, () -> chooser.markGood("A"), "only the booted slot can be marked good");
        assertThrows(IOException.class, () -> chooser.putFirst("C"));
    }
}
