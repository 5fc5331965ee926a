package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UbootEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void debiansDefaultEnvironmentIsFoundInUBootBin() throws Exception {
        List<String> vars = UbootEnvironment.defaults(Files.readAllBytes(Firmware.UBOOT_BIN), "u-boot.bin");
        assertEquals("bootcmd=run distro_bootcmd", vars.get(0));
        assertTrue(vars.contains("bootdelay=2"), vars.toString());
        assertTrue(vars.stream().anyMatch(v -> v.startsWith("scan_dev_for_scripts=")), vars.toString());
        // What `printenv` showed at the prompt: 51 variables, one of them (fdtcontroladdr) set at run time.
        assertEquals(50, vars.size());
    }

    @Test
    void theFlashHoldsACheckedEnvironmentWithTheNewDelay() throws Exception {
        List<String> vars = UbootEnvironment.withBootDelay(List.of("bootcmd=run x", "bootdelay=2", "a=b"), 0);
        assertEquals(List.of("bootcmd=run x", "bootdelay=0", "a=b"), vars);
        Path flash = UbootEnvironment.writeFlash(vars, dir.resolve("env.fd"));
        assertEquals(UbootEnvironment.FLASH_SIZE, Files.size(flash));
        byte[] bytes = Files.readAllBytes(flash);
        CRC32 crc = new CRC32();
        crc.update(bytes, 4, UbootEnvironment.ENV_SIZE - 4);
        assertEquals(crc.getValue(), ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL);
        assertEquals("bootcmd=run x\0bootdelay=0\0a=b\0\0", new String(bytes, 4, 31, StandardCharsets.US_ASCII));
        assertEquals(List.of("dir/env.fd only"), List.of(Files.list(dir).map(p -> "dir/" + p.getFileName() + " only")
                .reduce((a, b) -> a + "," + b).orElseThrow()));
    }

    @Test
    void brokenBinariesAreQemuExceptions() {
        for (String bin : List.of("", "no environment here", "x\0bootcmd=run", "x\0bootcmd=a\0novalue\0\0",
                "x\0bootcmd=a\0b=\u0001\0\0")) {
            assertThrows(QemuException.class,
                    () -> UbootEnvironment.defaults(bin.getBytes(StandardCharsets.ISO_8859_1), "t"), bin);
        }
    }

    /** Random bytes around a planted start: a list or a QemuException, never anything else. */
    @Test
    void propertyAnyBytesGiveAnEnvironmentOrAQemuException() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[random.nextInt(400)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(4) == 0 ? '=' : 'a' + random.nextInt(5));
            }
            if (b.length > 20 && random.nextBoolean()) {
                System.arraycopy("\0bootcmd=".getBytes(StandardCharsets.US_ASCII), 0, b, random.nextInt(b.length - 10), 9);
            }
            try {
                for (String v : UbootEnvironment.defaults(b, "random")) {
                    assertTrue(v.indexOf('=') > 0, v);
                }
            } catch (QemuException expected) {
                // fine
            }
        }
    }
}
