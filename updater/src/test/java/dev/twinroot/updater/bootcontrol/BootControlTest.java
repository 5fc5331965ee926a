package dev.twinroot.updater.bootcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.grub.GrubEnvCodec;
import dev.twinroot.updater.bootcontrol.grub.GrubStateStore;
import dev.twinroot.updater.bootcontrol.uboot.RedundantBootState;
import dev.twinroot.updater.bootcontrol.uboot.UBootStateStore;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The boot contract's marks, the same over every backend. */
class BootControlTest {

    @TempDir
    Path dir;

    enum Backend {
        FILE, UBOOT, GRUB;

        BootStateStore create(Path dir) throws IOException {
            switch (this) {
                case FILE -> {
                    FileBootStateStore store = new FileBootStateStore(dir.resolve("boot-state"));
                    store.initialize(BootState.defaults());
                    return store;
                }
                case UBOOT -> {
                    List<byte[]> copies = RedundantBootState.initialCopies(BootState.defaults());
                    for (int i = 0; i < copies.size(); i++) {
                        Files.write(dir.resolve(BootContract.STATE_FILES.get(i)), copies.get(i));
                    }
                    return new UBootStateStore(dir);
                }
                default -> {
                    Path env = dir.resolve(BootContract.GRUB_ENV_FILE);
                    Files.createDirectories(env.getParent());
                    Files.write(env, GrubEnvCodec.encode(BootStateVariables.toVariables(BootState.defaults())));
                    return new GrubStateStore(dir);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void freshStateBootsAFirstWithDefaultTries(Backend backend) throws IOException {
        BootControl control = BootControls.over(backend.create(dir), Slot.A);
        assertEquals(Slot.A, control.bootedSlot());
        assertEquals(Slot.A, control.primarySlot());
        assertEquals(List.of(new SlotStatus(Slot.A, 3, true, true), new SlotStatus(Slot.B, 3, false, false)),
                control.slots());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void installerMarksTheTargetBadThenActive(Backend backend) throws IOException {
        BootControl control = BootControls.over(backend.create(dir), Slot.A);
        control.markBad(Slot.B);
        SlotStatus bad = control.status(Slot.B);
        assertEquals(0, bad.triesLeft());
        assertFalse(bad.good());
        assertEquals(Slot.A, control.primarySlot());

        control.markActive(Slot.B);
        assertEquals(Slot.B, control.primarySlot());
        assertEquals(new SlotStatus(Slot.B, BootContract.DEFAULT_TRIES, true, false), control.status(Slot.B));
        assertTrue(control.status(Slot.B).good());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void markGoodAfterAnUpdateKeepsTheOrder(Backend backend) throws IOException {
        BootStateStore store = backend.create(dir);
        BootControls.over(store, Slot.A).markActive(Slot.B);
        store.update(state -> BootChooser.choose(state).next()); // the bootloader boots B once

        BootControl onB = BootControls.over(store, Slot.B);
        assertEquals(2, onB.status(Slot.B).triesLeft());
        assertEquals(Optional.empty(), onB.markGood());
        assertEquals(List.of(Slot.B, Slot.A), store.read().order());
        assertEquals(BootContract.DEFAULT_TRIES, onB.status(Slot.B).triesLeft());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void markGoodAfterAFallbackRewritesTheOrderAndReportsIt(Backend backend) throws IOException {
        BootStateStore store = backend.create(dir);
        BootControls.over(store, Slot.A).markActive(Slot.B);
        for (int boot = 0; boot < 4; boot++) {
            store.update(state -> BootChooser.choose(state).next());
        }
        assertEquals(List.of(Slot.B, Slot.A), store.read().order());
        assertEquals(0, store.read().triesLeft(Slot.B));

        BootControl onA = BootControls.over(store, Slot.A);
        assertEquals(Optional.of(Slot.B), onA.markGood());
        BootState state = store.read();
        assertEquals(List.of(Slot.A, Slot.B), state.order());
        assertEquals(BootContract.DEFAULT_TRIES, state.triesLeft(Slot.A));
        assertEquals(0, state.triesLeft(Slot.B), "the failed slot stays bad");
    }
}
