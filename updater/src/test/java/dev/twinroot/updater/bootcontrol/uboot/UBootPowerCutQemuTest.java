package dev.twinroot.updater.bootcontrol.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootChooser;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.QemuMachine;
import dev.twinroot.updater.bootcontrol.TestDisk;
import dev.twinroot.updater.contract.BootContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts while real U-Boot saves the boot state: QEMU is killed with SIGKILL at a random instant after the
 * script starts or announces the save. Write requests are throttled so that the save (about 20 ms at full
 * speed) takes about a second and the cut can land between its writes. A single write request cannot be torn
 * this way (QEMU writes it with one system call), so torn data is covered by RedundantBootStateTest instead. After every cut the Java
 * reader must find the state from before the boot or the state the script was saving, and the next boot must
 * carry on from it.
 */
@Tag("qemu")
class UBootPowerCutQemuTest {

    private static final int CUTS = 10;
    /** U-Boot's save is a few write requests: data, FAT, directory; at 4 per second it takes about a second. */
    private static final int WRITES_PER_SECOND = 4;
    private static final int MAX_DELAY_MS = 1500;

    @TempDir
    Path dir;

    @BeforeAll
    static void toolsPresent() {
        QemuMachine.UBOOT.assumeRunnable(BootScriptCompiler.MKIMAGE);
    }

    @Test
    void aPowerCutWhileUBootSavesLeavesTheOldOrTheNewState() throws IOException {
        Path scr = dir.resolve(BootContract.BOOT_SCRIPT);
        BootScriptCompiler.compile(new UBootScript("console=ttyAMA0").source(), scr);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(BootContract.BOOT_SCRIPT, Files.readAllBytes(scr));
        List<byte[]> initial = RedundantBootState.initialCopies(BootState.defaults());
        files.put(BootContract.STATE_FILES.get(0), initial.get(0));
        files.put(BootContract.STATE_FILES.get(1), initial.get(1));
        TestDisk disk = TestDisk.create(dir, files);

        Random random = new Random(0xc07);
        int sawOld = 0;
        int sawNew = 0;
        for (int cut = 0; cut < CUTS; cut++) {
            BootState old = read(disk);
            BootState saving = BootChooser.choose(old).next();
            // Even cuts land after the script announced the save: during or after U-Boot's writes. Odd cuts
            // start counting at the first state copy's load: before, during or after the save.
            boolean early = cut % 2 == 1;
            Duration delay = Duration.ofMillis(random.nextInt(early ? 50 : MAX_DELAY_MS));
            String console = QemuMachine.UBOOT.bootAndCutPower(disk.image(),
                    early ? "Executing script" : UBootScript.SAVING_MARKER, delay, WRITES_PER_SECOND);
            System.out.printf("cut %d, %d ms after %s: %s%n", cut, delay.toMillis(), early ? "the script started" : "the save began",
                    console.contains("bytes written") ? "write done" : "write not done");

            BootState after = read(disk);
            assertTrue(after.equals(old) || after.equals(saving), "cut " + cut + " after " + delay.toMillis()
                    + " ms: " + after + ", expected " + old + " or " + saving);
            if (after.equals(old) && !old.equals(saving)) {
                sawOld++;
            } else {
                sawNew++;
            }
        }
        System.out.printf("power cuts while saving: %d left the old state, %d the new one%n", sawOld, sawNew);

        // The device boots on from whatever the cut left.
        BootState before = read(disk);
        BootChooser.BootChoice expected = BootChooser.choose(before);
        String console = QemuMachine.UBOOT.boot(disk.image());
        assertTrue(console.contains(UBootScript.bootingMarker(expected.slot(), expected.triesLeft())), console);
        assertEquals(expected.next(), read(disk));
    }

    private static BootState read(TestDisk disk) throws IOException {
        List<Optional<byte[]>> copies = new ArrayList<>();
        for (String name : BootContract.STATE_FILES) {
            copies.add(disk.readBootFile(name));
        }
        Optional<StoredCopy> newest = RedundantBootState.newest(copies);
        return newest.isEmpty() ? BootState.defaults() : RedundantBootState.state(newest.get());
    }
}
