package dev.twinroot.updater.bootcontrol.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated script against the contract, without booting it (UBootScriptQemuTest boots it). */
class UBootScriptTest {

    private static final String SCRIPT = new UBootScript("console=ttyAMA0").source();

    @TempDir
    Path dir;

    @Test
    void usesExactlyTheContractsVariables() {
        Set<String> expected = new TreeSet<>(Set.of(BootContract.BOOT_ORDER, BootContract.BOOT_SEQ));
        for (Slot slot : Slot.values()) {
            expected.add(slot.leftVariable());
        }
        assertEquals(expected, bootVariables(SCRIPT));
    }

    /** The check above must catch a name the contract does not have. */
    @Test
    void aStrayVariableIsCaught() {
        assertTrue(bootVariables(SCRIPT.replace("BOOT_B_LEFT} - 1", "BOOT_B_TRIES} - 1")).contains("BOOT_B_TRIES"));
    }

    @Test
    void readsAndWritesTheContractsFilesWithItsSize() {
        for (String file : BootContract.STATE_FILES) {
            assertTrue(SCRIPT.contains(" " + file), file);
        }
        String size = "0x" + Integer.toHexString(BootContract.STATE_SIZE);
        assertTrue(SCRIPT.contains("env export -c -s " + size + " "), SCRIPT);
        assertTrue(SCRIPT.contains("env import -c ${tr_addr1} " + size + " "), SCRIPT);
        assertTrue(SCRIPT.contains("fatwrite ${devtype} ${devnum}:1 ${tr_addr1} ${tr_file} " + size), SCRIPT);
    }

    @Test
    void bootsEachSlotFromItsPartitionWithTheContractsArguments() {
        for (Slot slot : Slot.values()) {
            assertTrue(SCRIPT.contains("setenv tr_part " + slot.partition().number() + ";"), slot.toString());
            assertTrue(SCRIPT.contains("setenv bootargs \"" + BootContract.kernelArguments(slot) + " console=ttyAMA0\""),
                    slot.toString());
        }
        assertTrue(SCRIPT.contains("${kernel_addr_r} " + BootContract.KERNEL_PATH + ";"), SCRIPT);
        assertTrue(SCRIPT.contains("${ramdisk_addr_r} " + BootContract.INITRAMFS_PATH + ";"), SCRIPT);
    }

    @Test
    void compilesWithMkimage() throws IOException {
        assumeTrue(BootScriptCompiler.MKIMAGE.isPresent(), "needs mkimage (u-boot-tools)");
        Path scr = dir.resolve(BootContract.BOOT_SCRIPT);
        BootScriptCompiler.compile(SCRIPT, scr);
        byte[] image = Files.readAllBytes(scr);
        assertEquals(0x27051956, java.nio.ByteBuffer.wrap(image).getInt(), "legacy U-Boot image magic");
        assertEquals(SCRIPT, Files.readString(dir.resolve("boot.cmd")));
        assertTrue(image.length > SCRIPT.length() + 64);
    }

    @Test
    void refusesArgumentsThatWouldBreakTheScriptsQuoting() {
        assertThrows(IllegalArgumentException.class, () -> new UBootScript("quiet \"x"));
        assertThrows(IllegalArgumentException.class, () -> new UBootScript("a\nreset"));
    }

    private static Set<String> bootVariables(String script) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\bBOOT_[A-Z0-9_]+").matcher(script);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
