package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.image.ImageException;
import dev.twinroot.image.PackageCache;
import dev.twinroot.image.SlotBootAreaWriter;
import dev.twinroot.image.SquashfsImage;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateVariables;
import dev.twinroot.updater.bootcontrol.grub.GrubConfig;
import dev.twinroot.updater.bootcontrol.grub.GrubEfiImage;
import dev.twinroot.updater.bootcontrol.grub.GrubEnvCodec;
import dev.twinroot.updater.bootcontrol.uboot.RedundantBootState;
import dev.twinroot.updater.bootcontrol.uboot.UBootScript;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootPartitionTest {

    @TempDir
    Path dir;

    @Test
    void uBootFilesAreTheSameOnEveryBuild() throws IOException {
        BootPartition.writeUBoot(dir.resolve("a"), new UBootScript("console=ttyAMA0"), 1_767_225_600L);
        BootPartition.writeUBoot(dir.resolve("b"), new UBootScript("console=ttyAMA0"), 1_767_225_600L);
        for (String file : List.of(BootContract.BOOT_SCRIPT, "boot.cmd", BootContract.STATE_FILES.get(0),
                BootContract.STATE_FILES.get(1))) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(file)), Files.readAllBytes(dir.resolve("b").resolve(file)), file);
        }
        byte[] scr = Files.readAllBytes(dir.resolve("a").resolve(BootContract.BOOT_SCRIPT));
        ByteBuffer header = ByteBuffer.wrap(scr);
        assertEquals(1_767_225_600, header.getInt(8));
        int stored = header.getInt(4);
        header.putInt(4, 0);
        CRC32 crc = new CRC32();
        crc.update(scr, 0, 64);
        assertEquals((int) crc.getValue(), stored, "header CRC after pinning the time");
        List<Optional<byte[]>> copies = new ArrayList<>();
        for (String file : BootContract.STATE_FILES) {
            copies.add(Optional.of(Files.readAllBytes(dir.resolve("a").resolve(file))));
        }
        assertEquals(BootState.defaults(), RedundantBootState.state(RedundantBootState.newest(copies).orElseThrow()));
    }

    @Test
    void pinningRefusesAFileWithoutALegacyHeader() throws IOException {
        Path notAScript = Files.write(dir.resolve("x.scr"), new byte[100]);
        assertThrows(ImageException.class, () -> BootPartition.pinTimestamp(notAScript, 0));
    }

    @Test
    void grubEspHoldsTheEfiBinaryConfigAndInitialState() throws IOException {
        Path modules = GrubModules.find(PackageCache.defaultLocation());
        BootPartition.writeGrub(dir.resolve("a"), "console=ttyAMA0", modules);
        BootPartition.writeGrub(dir.resolve("b"), "console=ttyAMA0", modules);
        Path a = dir.resolve("a");
        assertEquals(new GrubConfig("console=ttyAMA0").source(), Files.readString(a.resolve(BootContract.GRUB_CONFIG_FILE)));
        assertEquals(BootState.defaults(), BootStateVariables.fromVariables(
                GrubEnvCodec.decode(Files.readAllBytes(a.resolve(BootContract.GRUB_ENV_FILE)))));
        byte[] efi = Files.readAllBytes(a.resolve(GrubEfiImage.PATH));
        assertEquals('M', efi[0]);
        assertEquals('Z', efi[1]);
        assertArrayEquals(efi, Files.readAllBytes(dir.resolve("b").resolve(GrubEfiImage.PATH)), "grub-mkimage is reproducible");
        assertFalse(Files.exists(a.resolve(BootContract.grubBootAreaFile(Slot.A))), "ext4 slots need no record");
    }

    /** squashfs with GRUB: grub.cfg loads blocklists; slot A's record names its boot area, B's (empty) none yet. */
    @Test
    void grubEspForSquashfsSlotsHoldsEachSlotsBootAreaRecord() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("release"), "1\n");
        Path slot = dir.resolve("slot.img");
        new SquashfsImage(1_767_225_600L).build(tree.getParent(), slot);
        Path kernel = Files.write(dir.resolve("Image"), new byte[5000]);
        Path initrd = Files.write(dir.resolve("initrd"), new byte[700]);
        long length = new SlotBootAreaWriter(SlotFilesystemType.SQUASHFS).append(slot, kernel, initrd);
        Path esp = dir.resolve("esp");
        BootPartition.writeGrub(esp, "console=ttyAMA0", GrubModules.find(PackageCache.defaultLocation()),
                SlotFilesystemType.SQUASHFS, Map.of(Slot.A, slot));
        assertEquals(new GrubConfig("console=ttyAMA0", SlotFilesystemType.SQUASHFS).source(),
                Files.readString(esp.resolve(BootContract.GRUB_CONFIG_FILE)));
        long areaSector = (length - SlotBootArea.length(5000, 700)) / 512;
        assertEquals(Map.of(BootContract.GRUB_KERNEL_BLOCKS, (areaSector + 8) + "+10",
                        BootContract.GRUB_INITRD_BLOCKS, (areaSector + 24) + "+2"),
                GrubEnvCodec.decode(Files.readAllBytes(esp.resolve(BootContract.grubBootAreaFile(Slot.A)))));
        byte[] b = Files.readAllBytes(esp.resolve(BootContract.grubBootAreaFile(Slot.B)));
        assertEquals(GrubEnvCodec.SIZE, b.length, "B's record exists, so the installer can rewrite it in place");
        assertEquals(Map.of(), GrubEnvCodec.decode(b));

        Path bare = dir.resolve("bare.img");
        new SquashfsImage(1_767_225_600L).build(tree.getParent(), bare);
        ImageException e = assertThrows(ImageException.class, () -> BootPartition.writeGrub(dir.resolve("esp2"),
                "console=ttyAMA0", GrubModules.find(PackageCache.defaultLocation()), SlotFilesystemType.SQUASHFS,
                Map.of(Slot.A, bare)));
        assertTrue(e.getMessage().contains("has no boot area"), e.getMessage());
    }
}
