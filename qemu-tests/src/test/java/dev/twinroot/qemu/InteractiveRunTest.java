package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.qemu.selftest.ScriptDisk;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("qemu")
class InteractiveRunTest {

    @TempDir
    Path dir;

    private static final String SCRIPT = "fatwrite ${devtype} ${devnum}:${distro_bootpart} ${loadaddr} ran.txt 4\npoweroff\n";

    @Test
    void bootsACopyAndLeavesTheImageAsBuilt() throws Exception {
        Path image = ScriptDisk.build(dir.resolve("disk.img"), SCRIPT, dir.resolve("work"));
        byte[] before = Files.readAllBytes(image);
        StringWriter out = new StringWriter();
        int status = new InteractiveRun(QemuMachine.defaults(), image, false)
                .run(new PrintWriter(out, true), ProcessBuilder.Redirect.from(new File("/dev/null")));
        assertEquals(0, status, out.toString());
        String firstLine = out.toString().lines().findFirst().orElseThrow();
        assertTrue(firstLine.matches("/usr/bin/qemu-system-aarch64 -M virt .* -nographic -bios \\S+u-boot.bin "
                + "-drive if=none,format=raw,file=/\\S+/disk.img,id=disk0 .*"), firstLine);
        assertArrayEquals(before, Files.readAllBytes(image), "the guest wrote to a copy");
    }

    @Test
    void inPlaceBootsTheFileItself() throws Exception {
        Path image = ScriptDisk.build(dir.resolve("disk.img"), SCRIPT, dir.resolve("work"));
        StringWriter out = new StringWriter();
        int status = new InteractiveRun(QemuMachine.defaults(), image, true)
                .run(new PrintWriter(out, true), ProcessBuilder.Redirect.from(new File("/dev/null")));
        assertEquals(0, status, out.toString());
        assertEquals(4, new DiskImage(image).readFile("boot", "ran.txt").length);
    }
}
