package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.image.ImageException;
import dev.twinroot.image.PackageCache;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateVariables;
import dev.twinroot.updater.bootcontrol.grub.GrubConfig;
import dev.twinroot.updater.bootcontrol.grub.GrubEfiImage;
import dev.twinroot.updater.bootcontrol.grub.GrubEnvCodec;
import dev.twinroot.updater.bootcontrol.uboot.RedundantBootState;
import dev.twinroot.updater.bootcontrol.uboot.UBootScript;
import dev.twinroot.updater.contract.BootContract;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    }
}
