package dev.twinroot.updater.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer loses power at every journal write, every boot state update (before and after it lands) and
 * at many byte offsets of the slot write, for a full and a delta bundle; then the device restarts either by
 * recovering (the daemon's startup) or by installing the same bundle again. At the cut and after the restart the
 * slot the bootloader would pick holds a verified image, and the install ends completed or cleanly abandoned.
 */
class CrashPointTest {

    @TempDir
    static Path dir;
    static SigningKey key;
    static Path full;
    static Path delta;

    /** How power is lost in one case. */
    record Cut(String name, Function<InstallFixture, Installer> installer) {}

    @BeforeAll
    static void bundles() throws IOException {
        key = InstallFixture.PKI.signer("release");
        InstallFixture f = new InstallFixture(Files.createDirectories(dir.resolve("bundles")), key);
        full = f.fullBundle("full", "1.2.0", InstallFixture.NEW);
        delta = f.deltaBundle("delta", "1.2.0", InstallFixture.ACTIVE, InstallFixture.NEW);
    }

    static List<Cut> cuts() {
        List<Cut> cuts = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
            int writes = k;
            cuts.add(new Cut("journal write " + (k + 1), f -> f.installer(f.store(),
                    InstallFixture.failingAfter(f.journal(), writes), f.slots())));
        }
        for (int k = 0; k <= 1; k++) {
            for (boolean lands : new boolean[] {false, true}) {
                int updates = k;
                cuts.add(new Cut("boot state update " + (k + 1) + (lands ? " (landed)" : " (lost)"), f ->
                        f.installer(InstallFixture.failingAfter(f.store(), updates, lands), f.journal(), f.slots())));
            }
        }
        long[] offsets = {0, 1, 511, 4096, 8191, 8192, 9000, 16_385, 30_000, 50_000, 65_536, 79_999};
        for (long off : offsets) {
            cuts.add(new Cut("slot write at byte " + off, f -> f.installer(f.store(), f.journal(),
                    InstallFixture.failingAfter(f.slots(), off))));
        }
        return cuts;
    }

    @TestFactory
    Stream<DynamicTest> everyCutLeavesAGoodSlotAndRecovers() {
        List<DynamicTest> tests = new ArrayList<>();
        int[] n = {0};
        for (Path bundle : List.of(full, delta)) {
            for (Cut cut : cuts()) {
                for (boolean reinstall : new boolean[] {false, true}) {
                    String name = bundle.getFileName() + ", " + cut.name() + ", then "
                            + (reinstall ? "install again" : "recover");
                    tests.add(DynamicTest.dynamicTest(name, () -> run(
                            new InstallFixture(Files.createDirectories(dir.resolve("case-" + n[0]++)), key),
                            bundle, cut, reinstall)));
                }
            }
        }
        assertTrue(tests.size() >= 80, "only " + tests.size() + " crash cases");
        return tests.stream();
    }

    private static void run(InstallFixture f, Path bundle, Cut cut, boolean reinstall) throws IOException {
        byte[] activeBefore = Files.readAllBytes(f.slotA);
        BootState before = f.bootState();
        assertThrows(InstallFixture.PowerCut.class, () -> cut.installer().apply(f).install(bundle.toString()));
        assertBootable(f, activeBefore);
        if (reinstall) {
            InstallState done = f.installer().install(bundle.toString());
            assertInstanceOf(InstallState.RebootPending.class, done);
            assertEquals(Slot.B, f.nextBoot());
            assertArrayEquals(InstallFixture.NEW, f.prefix(f.slotB, InstallFixture.NEW.length));
        } else {
            Optional<InstallState> recovered = f.installer().recover();
            if (recovered.isEmpty()) {
                // Power went before the first journal write: nothing was started, nothing changed.
                assertEquals(before, f.bootState());
                return;
            }
            InstallState after = recovered.get();
            assertTrue(after.finished(), "still " + after.wireName());
            if (after instanceof InstallState.Abandoned) {
                assertEquals(Slot.A, f.nextBoot());
                assertEquals(0, f.bootState().triesLeft(Slot.B));
            } else {
                assertInstanceOf(InstallState.RebootPending.class, after);
            }
            assertTrue(Files.notExists(f.dataDir.resolve(InstallEnvironment.CHECKPOINT)));
        }
        assertBootable(f, activeBefore);
        assertArrayEquals(activeBefore, Files.readAllBytes(f.slotA), "the running slot was written");
    }

    /** The slot the bootloader picks next holds exactly the image it should. */
    private static void assertBootable(InstallFixture f, byte[] activeBefore) throws IOException {
        Slot next = f.nextBoot();
        if (next == Slot.A) {
            assertArrayEquals(activeBefore, Files.readAllBytes(f.slotA));
        } else if (!java.util.Arrays.equals(InstallFixture.NEW, f.prefix(f.slotB, InstallFixture.NEW.length))) {
            fail("the bootloader would pick slot B, which does not hold the verified image");
        }
    }

}
