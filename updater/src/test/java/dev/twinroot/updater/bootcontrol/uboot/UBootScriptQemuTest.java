package dev.twinroot.updater.bootcontrol.uboot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootChooser;
import dev.twinroot.updater.bootcontrol.BootControl;
import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.QemuMachine;
import dev.twinroot.updater.bootcontrol.TestDisk;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated boot script in real U-Boot (Debian's u-boot-qemu under qemu-system-aarch64): every boot's
 * choice and the state it saves are read back from the disk image with the Java codec and compared with
 * {@link BootChooser}, the contract's reference model.
 */
@Tag("qemu")
class UBootScriptQemuTest {

    private static final String SCRIPT = new UBootScript("console=ttyAMA0").source();

    @TempDir
    Path dir;

    @BeforeAll
    static void toolsPresent() {
        QemuMachine.UBOOT.assumeRunnable(BootScriptCompiler.MKIMAGE);
    }

    /** A disk whose boot partition holds the compiled script and these two state copies. */
    private TestDisk disk(List<byte[]> copies) throws IOException {
        Path scr = dir.resolve(BootContract.BOOT_SCRIPT);
        BootScriptCompiler.compile(SCRIPT, scr);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(BootContract.BOOT_SCRIPT, Files.readAllBytes(scr));
        for (int i = 0; i < copies.size(); i++) {
            files.put(BootContract.STATE_FILES.get(i), copies.get(i));
        }
        return TestDisk.create(dir, files);
    }

    private static List<Optional<byte[]>> copies(TestDisk disk) throws IOException {
        List<Optional<byte[]>> copies = new java.util.ArrayList<>();
        for (String name : BootContract.STATE_FILES) {
            copies.add(disk.readBootFile(name));
        }
        return copies;
    }

    @Test
    void bootsPrimaryFallsBackFromAnUncommittedSlotAndResetsWhenAllAreSpent() throws IOException {
        TestDisk disk = disk(RedundantBootState.initialCopies(BootState.defaults()));

        // A fresh image boots A and saves A's decremented tries into copy 2 with sequence 1.
        bootAndCheck(disk, Slot.A, 2, false);
        StoredCopy first = RedundantBootState.newest(copies(disk)).orElseThrow();
        assertEquals(1, first.index());
        assertEquals(1, first.sequence());

        // The installer wrote B and made it primary; B never gets committed: B, B, B, then back to A.
        changeState(disk, Slot.A, control -> control.markActive(Slot.B));
        bootAndCheck(disk, Slot.B, 2, false);
        bootAndCheck(disk, Slot.B, 1, false);
        bootAndCheck(disk, Slot.B, 0, false);
        bootAndCheck(disk, Slot.A, 1, false);

        // The supervisor on A sees the fallback and commits A: first again, with the default tries.
        changeState(disk, Slot.A, control -> assertEquals(Optional.of(Slot.B), control.markGood()));
        assertEquals(List.of(Slot.A, Slot.B), readState(disk).order());
        bootAndCheck(disk, Slot.A, 2, false);

        // No slot has tries left: every slot is reset to the default and the first in the order boots.
        changeState(disk, Slot.A, control -> {
            control.markBad(Slot.A);
            control.markBad(Slot.B);
        });
        String console = bootAndCheck(disk, Slot.A, BootContract.DEFAULT_TRIES - 1, true);
        assertTrue(console.contains(UBootScript.RESET_MARKER), console);
        assertEquals(BootContract.DEFAULT_TRIES, readState(disk).triesLeft(Slot.B));
    }

    @Test
    void aBrokenNewestCopyMakesTheScriptUseTheOtherOne() throws IOException {
        BootState older = BootState.defaults().withPrimary(Slot.B);
        BootState newer = BootState.defaults().withTriesLeft(Slot.A, 1);
        byte[] broken = RedundantBootState.encode(newer, 8);
        broken[40] ^= 0x20;
        TestDisk disk = disk(List.of(RedundantBootState.encode(older, 7), broken));

        bootAndCheck(disk, Slot.B, 2, false);
        StoredCopy saved = RedundantBootState.newest(copies(disk)).orElseThrow();
        assertEquals(1, saved.index(), "the broken copy is the one overwritten");
        assertEquals(8, saved.sequence());
    }

    @Test
    void noValidCopyBootsTheDefaultsAndAnOversizedCopyIsNotValid() throws IOException {
        byte[] garbage = new byte[BootContract.STATE_SIZE];
        java.util.Arrays.fill(garbage, (byte) 0x5a);
        // A valid, newer copy followed by more bytes: only the size check can refuse it.
        byte[] oversized = java.util.Arrays.copyOf(RedundantBootState.encode(BootState.defaults().withPrimary(Slot.B), 9),
                4 * BootContract.STATE_SIZE);
        TestDisk disk = disk(List.of(garbage, oversized));

        String console = QemuMachine.UBOOT.boot(disk.image());
        assertTrue(console.contains(UBootScript.NO_VALID_STATE_MARKER), console);
        assertTrue(console.contains(UBootScript.bootingMarker(Slot.A, BootContract.DEFAULT_TRIES - 1)), console);
        StoredCopy saved = RedundantBootState.newest(copies(disk)).orElseThrow();
        assertEquals(0, saved.index());
        assertEquals(1, saved.sequence());
        assertEquals(BootChooser.choose(BootState.defaults()).next(), RedundantBootState.state(saved));
    }

    /**
     * Boots once and checks the script did what the reference model says: the marker for the slot and its tries,
     * the kernel arguments, the saved state, the copy written (the other one) and its sequence number.
     */
    private String bootAndCheck(TestDisk disk, Slot slot, int triesLeft, boolean reset) throws IOException {
        StoredCopy before = RedundantBootState.newest(copies(disk)).orElseThrow();
        BootChooser.BootChoice expected = BootChooser.choose(RedundantBootState.state(before));
        assertEquals(slot, expected.slot(), "the model's choice");
        assertEquals(triesLeft, expected.triesLeft(), "the model's tries left");
        assertEquals(reset, expected.reset(), "the model's reset");

        long start = System.nanoTime();
        String console = QemuMachine.UBOOT.boot(disk.image());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("boot of slot %s took %d ms%n", slot, millis);

        assertTrue(console.contains(UBootScript.bootingMarker(slot, triesLeft)), console);
        assertTrue(console.contains("twinroot: kernel arguments " + BootContract.kernelArguments(slot) + " console=ttyAMA0"),
                console);
        assertTrue(console.contains(UBootScript.BOOT_FAILED_MARKER), "the fake kernel must not boot: " + console);
        StoredCopy after = RedundantBootState.newest(copies(disk)).orElseThrow();
        assertEquals(1 - before.index(), after.index(), "the script overwrites the older copy");
        assertEquals(before.sequence() + 1, after.sequence());
        assertEquals(expected.next(), RedundantBootState.state(after));
        assertArrayEquals(RedundantBootState.encode(expected.next(), after.sequence()),
                copies(disk).get(after.index()).orElseThrow(), "U-Boot's env export writes what the Java codec writes");
        assertEquals(before.variables(), RedundantBootState.newest(List.of(copies(disk).get(before.index()))).orElseThrow().variables(),
                "the newest copy before the boot is left alone");
        return console;
    }

    /** Runs {@code change} against the disk's state through {@link UBootStateStore}, as a device would. */
    private void changeState(TestDisk disk, Slot booted, Change change) throws IOException {
        Path mount = Files.createTempDirectory(dir, "boot-partition");
        disk.export(mount, BootContract.STATE_FILES);
        change.apply(BootControls.over(new UBootStateStore(mount), booted));
        disk.importFrom(mount, BootContract.STATE_FILES);
    }

    private static BootState readState(TestDisk disk) throws IOException {
        return RedundantBootState.state(RedundantBootState.newest(copies(disk)).orElseThrow());
    }

    private interface Change {
        void apply(BootControl control) throws IOException;
    }
}
