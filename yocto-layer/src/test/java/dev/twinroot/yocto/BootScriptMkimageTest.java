package dev.twinroot.yocto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.uboot.BootScriptCompiler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each machine's committed boot.cmd compiles with the real mkimage and the exact arguments of the
 * twinroot-boot recipe's do_compile, into a legacy U-Boot script image that carries the script unchanged.
 */
class BootScriptMkimageTest {
    private static final int HEADER = 64;
    private static final int IH_TYPE_SCRIPT = 6;
    private static final int IH_ARCH_ARM64 = 22;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(LayerMachine.class)
    void committedBootScriptCompiles(LayerMachine machine) throws IOException {
        Path cmd = TestLayer.module().resolve("meta-twinroot").resolve(DerivedFiles.bootScript(machine));
        Path scr = dir.resolve("twinroot-boot.scr");
        // The arguments of do_compile in recipes-bsp/twinroot-boot/twinroot-boot_1.0.bb.
        BootScriptCompiler.MKIMAGE.run(List.of("-A", "arm64", "-O", "linux", "-T", "script", "-C", "none", "-n",
                "twinroot boot script", "-d", cmd.toString(), scr.toString()), Duration.ofSeconds(30)).requireSuccess();
        byte[] image = Files.readAllBytes(scr);
        ByteBuffer header = ByteBuffer.wrap(image);
        assertEquals(0x27051956, header.getInt(0), "legacy image magic");
        assertEquals(IH_ARCH_ARM64, image[29], "architecture");
        assertEquals(IH_TYPE_SCRIPT, image[30], "image type");
        byte[] script = Files.readAllBytes(cmd);
        // A script image's data is a table of lengths (one entry, then a 0 terminator) followed by the script.
        assertEquals(script.length, header.getInt(HEADER), "script length in the table");
        assertEquals(0, header.getInt(HEADER + 4), "table terminator");
        assertArrayEquals(script, Arrays.copyOfRange(image, HEADER + 8, HEADER + 8 + script.length));
        String listing = BootScriptCompiler.MKIMAGE.run(List.of("-l", scr.toString()), Duration.ofSeconds(30))
                .requireSuccess().stdout();
        assertTrue(listing.contains("Script"), listing);
    }
}
