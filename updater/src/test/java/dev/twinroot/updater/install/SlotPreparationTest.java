package dev.twinroot.updater.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installer's preparation of the written slot: after it verified, before it may boot, never fatal. */
class SlotPreparationTest {

    @TempDir
    Path dir;
    InstallFixture f;
    final List<String> notes = new ArrayList<>();
    final List<String> seen = new ArrayList<>();

    @BeforeEach
    void device() throws IOException {
        f = new InstallFixture(dir, InstallFixture.PKI.signer("release"));
    }

    @Test
    void theVerifiedSlotIsPreparedWhileStillMarkedBadAndWhatItDidIsTold() throws IOException {
        SlotPreparation preparation = (slot, storage) -> {
            byte[] head = new byte[InstallFixture.NEW.length];
            try (SeekableByteChannel ch = storage.openRead()) {
                Channels.newInputStream(ch).readNBytes(head, 0, head.length);
            }
            assertArrayEquals(InstallFixture.NEW, head, "prepared after the image is written");
            seen.add(slot.name() + " tries left " + f.bootState().triesLeft(slot) + ", primary "
                    + f.bootState().primary());
            return "class data made for slot " + slot.name();
        };

        InstallState done = installer(preparation).install(f.fullBundle("full", "1.2.0", InstallFixture.NEW).toString());

        assertInstanceOf(InstallState.RebootPending.class, done);
        assertEquals(List.of("B tries left 0, primary A"), seen, "marked bad while prepared: a cut here boots A");
        assertEquals(List.of("class data made for slot B"), notes);
        assertEquals(Slot.B, f.bootState().primary(), "activated after");
    }

    @Test
    void aFailedPreparationIsToldAndTheInstallGoesOn() throws IOException {
        SlotPreparation failing = (slot, storage) -> {
            throw new IOException("no room for the archive");
        };

        InstallState done = installer(failing).install(f.fullBundle("full", "1.2.0", InstallFixture.NEW).toString());

        assertInstanceOf(InstallState.RebootPending.class, done);
        assertEquals(List.of("preparing slot B failed (its boots do not need it): no room for the archive"), notes);
        assertEquals(Slot.B, f.bootState().primary());
    }

    @Test
    void evenABugInThePreparationDoesNotKeepTheVerifiedSlotFromBooting() throws IOException {
        SlotPreparation buggy = (slot, storage) -> {
            throw new IllegalArgumentException("duplicate element: x");
        };

        InstallState done = installer(buggy).install(f.fullBundle("full", "1.2.0", InstallFixture.NEW).toString());

        assertInstanceOf(InstallState.RebootPending.class, done);
        assertEquals(List.of("preparing slot B failed (its boots do not need it): "
                + "java.lang.IllegalArgumentException: duplicate element: x"), notes);
        assertEquals(Slot.B, f.bootState().primary());
    }

    private Installer installer(SlotPreparation preparation) {
        InstallEnvironment plain = f.environment(BootControls.over(f.store(), Slot.A), f.journal(), f.slots());
        InstallEnvironment env = new InstallEnvironment(plain.compatible(), plain.allowDowngrade(), plain.boot(),
                plain.slots(), plain.journal(), plain.status(), plain.dataDir(), plain.verifier(), plain.opener(),
                plain.delta(), plain.lock(), plain.slotBootFiles(), preparation);
        return new Installer(env, new InstallProgress() {
            @Override
            public void state(InstallState state) {
            }

            @Override
            public void bytes(String phase, long done, long total) {
            }

            @Override
            public void note(String line) {
                notes.add(line);
            }
        });
    }
}
