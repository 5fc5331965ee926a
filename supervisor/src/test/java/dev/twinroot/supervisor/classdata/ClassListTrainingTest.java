package dev.twinroot.supervisor.classdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.contract.Slot;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training behind the image's class list really installs: both bundles (delta, then full) end in slot B with
 * the next image, everything inside its directory, and the process's output streams are given back.
 */
class ClassListTrainingTest {

    @TempDir
    Path dir;

    @Test
    void theTrainingInstallsBothBundlesInsideItsDirectory() throws Exception {
        ClassListTraining.prepare(dir);
        PrintStream out = System.out;
        PrintStream err = System.err;

        ClassListTraining.exercise(dir);

        assertEquals(out, System.out);
        assertEquals(err, System.err);
        assertArrayEquals(Files.readAllBytes(dir.resolve("next.img")), Files.readAllBytes(dir.resolve("b.img")));
        assertEquals(Slot.B, new FileBootStateStore(dir.resolve("boot-state.env")).read().primary());
        String status = Files.readString(dir.resolve("data/status.json"));
        assertTrue(status.contains("full.twb") && status.contains("reboot-pending"), status);
    }
}
