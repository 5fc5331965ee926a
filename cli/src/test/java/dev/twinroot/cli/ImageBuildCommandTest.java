package dev.twinroot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's errors, which need no image build. The full build is tested in os-image (ImageBuildTest) and
 * was run through ./twinroot for docs/cli/image.md.
 */
class ImageBuildCommandTest {

    @TempDir
    Path dir;

    @Test
    void outputIsRequired() {
        KeysDevCaCommandTest.Result r = KeysDevCaCommandTest.run("image", "build");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Missing required option: '--output=OUTDIR'"), r.err());
    }

    @Test
    void unknownConfigFieldIsOneLine() throws Exception {
        Path config = dir.resolve("image.yaml");
        Files.writeString(config, "version: 1.2.0\nslotFilesytem: ext4\n");
        KeysDevCaCommandTest.Result r = KeysDevCaCommandTest.run("image", "build", config.toString(),
                "-o", dir.resolve("out").toString(), "--keys", dir.resolve("keys").toString());
        assertEquals(1, r.exit());
        assertEquals("twinroot image build: config " + config + ": unknown field 'slotFilesytem' (known fields here: bootloader, compatible, containers, device, epoch, extraFiles, kernelArguments, keyring,"
                + " machine, modules, network, rootfs, seed, sizes, slotB, slotFilesystem, supervisorJvmOptions, tlsCaCertificates, version)",
                r.err().strip());
    }

    @Test
    void unsupportedChoiceIsRefusedBeforeAnyWork() throws Exception {
        Path config = dir.resolve("image.json");
        Files.writeString(config, "{\"machine\":\"raspberrypi4-64\",\"bootloader\":\"grub\"}");
        KeysDevCaCommandTest.Result r = KeysDevCaCommandTest.run("image", "build", config.toString(),
                "-o", dir.resolve("out").toString(), "--keys", dir.resolve("keys").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("twinroot image build: bootloader grub: the Raspberry Pi firmware boots U-Boot")
                        && r.err().contains("use u-boot for machine raspberrypi4-64"),
                r.err());
        assertFalse(Files.exists(dir.resolve("keys")), "no key is created for a refused build");
        assertFalse(Files.exists(dir.resolve("out")), "no output directory for a refused build");
    }
}
