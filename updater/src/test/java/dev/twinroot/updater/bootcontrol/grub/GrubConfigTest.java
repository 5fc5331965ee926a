package dev.twinroot.updater.bootcontrol.grub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated grub.cfg is checked by GRUB's own parser (grub-script-check) and against the contract. It is
 * not booted here: that needs the arm64 GRUB EFI image the image builder makes (see docs/boot.md).
 */
class GrubConfigTest {

    private static final ExternalTool GRUB_SCRIPT_CHECK = new ExternalTool("grub-script-check", "grub-common");
    private static final String CONFIG = new GrubConfig("console=ttyAMA0").source();

    @TempDir
    Path dir;

    @Test
    void grubsParserAcceptsIt() throws IOException {
        assumeTrue(GRUB_SCRIPT_CHECK.isPresent(), "needs grub-script-check (grub-common)");
        Path cfg = dir.resolve("grub.cfg");
        Files.writeString(cfg, CONFIG);
        GRUB_SCRIPT_CHECK.run(List.of(cfg.toString()), Duration.ofSeconds(20)).requireSuccess();
    }

    @Test
    void grubsParserAcceptsTheBootAreaVariants() throws IOException {
        assumeTrue(GRUB_SCRIPT_CHECK.isPresent(), "needs grub-script-check (grub-common)");
        for (SlotFilesystemType type : List.of(SlotFilesystemType.SQUASHFS, SlotFilesystemType.EROFS)) {
            Path cfg = dir.resolve("grub-" + type.kernelName() + ".cfg");
            Files.writeString(cfg, new GrubConfig("console=ttyAMA0", type).source());
            GRUB_SCRIPT_CHECK.run(List.of(cfg.toString()), Duration.ofSeconds(20)).requireSuccess();
        }
    }

    @Test
    void squashfsSlotsAreBootedFromTheBlocklistsOfTheirRecord() {
        String cfg = new GrubConfig("console=ttyAMA0", SlotFilesystemType.SQUASHFS).source();
        for (Slot slot : Slot.values()) {
            assertTrue(cfg.contains("set tr_area=\"${prefix}/slot-" + slot.name().toLowerCase() + ".env\"\n"), cfg);
            assertTrue(cfg.contains("set tr_args=\"" + BootContract.kernelArguments(slot)
                    + " rootfstype=squashfs console=ttyAMA0\"\n"), cfg);
            assertEquals("EFI/BOOT/slot-" + slot.name().toLowerCase() + ".env", BootContract.grubBootAreaFile(slot),
                    "next to grub.cfg, so ${prefix} finds it");
        }
        assertTrue(cfg.contains("load_env --file \"${tr_area}\" TWINROOT_KERNEL TWINROOT_INITRD\n"), cfg);
        assertTrue(cfg.contains("linux (${tr_disk},${tr_part})${TWINROOT_KERNEL} ${tr_args}\n"), cfg);
        assertTrue(cfg.contains("initrd (${tr_disk},${tr_part})${TWINROOT_INITRD}\n"), cfg);
        assertFalse(cfg.contains("/boot/Image"), "the kernel is not read as a file");
        assertFalse(CONFIG.contains("tr_area"), "ext4 slots have no record");
    }

    @Test
    void grubsParserRejectsABrokenOne() throws IOException {
        assumeTrue(GRUB_SCRIPT_CHECK.isPresent(), "needs grub-script-check (grub-common)");
        Path cfg = dir.resolve("grub.cfg");
        Files.writeString(cfg, CONFIG.replaceFirst("\nfi\n", "\n"));
        assertThrows(ExternalTool.ToolFailedException.class,
                () -> GRUB_SCRIPT_CHECK.run(List.of(cfg.toString()), Duration.ofSeconds(20)).requireSuccess());
    }

    @Test
    void usesTheContractsNamesAndNumbers() {
        assertTrue(CONFIG.contains("load_env --file \"${prefix}/grubenv\" BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT\n"), CONFIG);
        assertTrue(CONFIG.contains("save_env --file \"${prefix}/grubenv\" BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT\n"), CONFIG);
        assertEquals("EFI/BOOT/grubenv", BootContract.GRUB_ENV_FILE, "grub.cfg uses ${prefix}/grubenv, prefix = /EFI/BOOT");
        for (Slot slot : Slot.values()) {
            assertTrue(CONFIG.contains("set tr_part=gpt" + slot.partition().number() + "\n"), slot.toString());
            assertTrue(CONFIG.contains("set tr_args=\"" + BootContract.kernelArguments(slot) + " console=ttyAMA0\"\n"),
                    slot.toString());
            for (int n = 1; n <= BootContract.MAX_TRIES; n++) {
                assertTrue(CONFIG.contains("[ \"${" + slot.leftVariable() + "}\" = " + n + " ]; then set "
                        + slot.leftVariable() + "=" + (n - 1) + "\n"), slot + " " + n);
            }
        }
        assertTrue(CONFIG.contains("linux (${tr_disk},${tr_part})/boot/Image ${tr_args}\n"), CONFIG);
        assertTrue(CONFIG.contains("initrd (${tr_disk},${tr_part})/boot/initrd.img\n"), CONFIG);
    }
}
