package dev.twinroot.updater.bootcontrol.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.PartitionTable;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertThrows(IllegalArgumentException.class, () -> new UBootScript("it's"));
        assertThrows(IllegalArgumentException.class, () -> new UBootScript("x=${bootargs}"));
    }

    /** U-Boot's hush reads an apostrophe as the start of a single-quoted string even inside double quotes. */
    @Test
    void noVariantHasAnApostrophe() {
        for (UBootScript script : variants()) {
            assertEquals(-1, script.source().indexOf('\''), script.source());
        }
    }

    @Test
    void gptPassesThePartlabelAndMbrThePartuuidThatPartUuidReads() {
        String mbr = new UBootScript("console=ttyS0,115200", PartitionTable.MBR, SlotFilesystemType.EXT4).source();
        assertFalse(SCRIPT.contains("part uuid"), SCRIPT);
        for (Slot slot : Slot.values()) {
            int n = slot.partition().number();
            assertTrue(mbr.contains("setenv tr_part " + n + "; setenv tr_partuuid; part uuid ${devtype} ${devnum}:" + n
                    + " tr_partuuid; setenv bootargs \"" + BootContract.kernelArguments("PARTUUID=${tr_partuuid}", slot)
                    + " console=ttyS0,115200\""), mbr);
        }
        assertFalse(mbr.contains("PARTLABEL"), mbr);
    }

    @Test
    void squashfsAndErofsLoadTheKernelFromTheBootAreaAndNameTheirType() {
        for (SlotFilesystemType type : List.of(SlotFilesystemType.SQUASHFS, SlotFilesystemType.EROFS)) {
            String script = new UBootScript("console=ttyAMA0", PartitionTable.GPT, type).source();
            assertFalse(script.contains(BootContract.KERNEL_PATH), "U-Boot cannot load files from " + type);
            assertTrue(script.contains("setexpr tr_p ${kernel_addr_r} + 0x" + Integer.toHexString(type.sizeFieldOffset())
                    + "; setexpr.l tr_fs *${tr_p}; setexpr tr_fs ${tr_fs} * 0x" + Integer.toHexString(type.sizeUnit())
                    + ";"), script);
            assertTrue(script.contains("= " + Integer.toHexString(SlotBootArea.MAGIC) + ";"), script);
            assertTrue(script.contains(" rootfstype=" + type.kernelName() + " console=ttyAMA0\""), script);
            assertTrue(script.contains("booti ${kernel_addr_r} ${ramdisk_addr_r}:${tr_isize} ${fdtcontroladdr}"), script);
        }
        assertFalse(SCRIPT.contains("rootfstype"), SCRIPT);
    }

    @Test
    void everyVariantCompilesWithMkimage() throws IOException {
        assumeTrue(BootScriptCompiler.MKIMAGE.isPresent(), "needs mkimage (u-boot-tools)");
        for (UBootScript script : variants()) {
            Path scr = dir.resolve("variant.scr");
            BootScriptCompiler.compile(script.source(), scr);
            assertEquals(0x27051956, java.nio.ByteBuffer.wrap(Files.readAllBytes(scr)).getInt());
        }
    }

    private static List<UBootScript> variants() {
        List<UBootScript> all = new java.util.ArrayList<>();
        for (PartitionTable table : PartitionTable.values()) {
            for (SlotFilesystemType type : SlotFilesystemType.values()) {
                all.add(new UBootScript("console=ttyAMA0", table, type));
            }
        }
        return all;
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
