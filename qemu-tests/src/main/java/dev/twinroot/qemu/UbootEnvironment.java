package dev.twinroot.qemu;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A preset U-Boot environment in the second pflash bank, to change {@code bootdelay} (2 s in Debian's build,
 * paid at every boot of every scenario). U-Boot reads its environment from offset 0 of that bank (0x40000
 * bytes: CRC32, then {@code name=value} strings) and, when the CRC is good, uses it instead of its built-in
 * default — so the image must carry the whole default environment, which is taken from {@code u-boot.bin}
 * itself: the block of NUL-separated strings that starts with {@code bootcmd=} and ends with two NULs.
 * The bank is attached read-only: {@code saveenv} does not work under QEMU 7.2 anyway, and the boot state
 * lives in files on the boot partition.
 */
final class UbootEnvironment {

    /** CONFIG_ENV_SIZE of Debian's qemu_arm64 build. */
    static final int ENV_SIZE = 0x40000;
    /** QEMU's virt machine wants each pflash bank to be exactly 64 MiB. */
    static final long FLASH_SIZE = 64L << 20;
    private static final byte[] START = "\0bootcmd=".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_VARIABLES = 1000;

    private UbootEnvironment() {
    }

    /** The flash bank for Debian's U-Boot with its default environment but {@code bootdelay} set to {@code seconds}. */
    static Path flashWithBootDelay(int seconds, Path flash) throws IOException {
        List<String> defaults = defaults(Files.readAllBytes(Firmware.UBOOT_BIN), Firmware.UBOOT_BIN.toString());
        return writeFlash(withBootDelay(defaults, seconds), flash);
    }

    /** The built-in default environment of a U-Boot binary, as {@code name=value} lines in their stored order. */
    static List<String> defaults(byte[] ubootBin, String what) throws QemuException {
        int start = indexOf(ubootBin, START);
        if (start < 0) {
            throw new QemuException(what + ": no default environment (no NUL-preceded 'bootcmd=' string)");
        }
        List<String> vars = new ArrayList<>();
        int i = start + 1;
        while (i < ubootBin.length && ubootBin[i] != 0) {
            int end = i;
            while (end < ubootBin.length && ubootBin[end] != 0) {
                int c = ubootBin[end] & 0xff;
                if (c < 0x20 && c != '\t' || c > 0x7e) {
                    throw new QemuException(what + ": default environment byte 0x" + Integer.toHexString(c)
                            + " at offset " + end + " is not printable ASCII");
                }
                end++;
            }
            if (end >= ubootBin.length) {
                throw new QemuException(what + ": default environment runs to the end of the file without its two NULs");
            }
            String var = new String(ubootBin, i, end - i, StandardCharsets.US_ASCII);
            if (var.indexOf('=') <= 0) {
                throw new QemuException(what + ": default environment entry at offset " + i + " has no name=value form");
            }
            if (vars.size() >= MAX_VARIABLES || end - start >= ENV_SIZE - 5) {
                throw new QemuException(what + ": default environment larger than " + MAX_VARIABLES
                        + " variables or " + ENV_SIZE + " bytes");
            }
            vars.add(var);
            i = end + 1;
        }
        return vars;
    }

    /** The defaults with {@code bootdelay} replaced (added if absent). */
    static List<String> withBootDelay(List<String> defaults, int seconds) {
        List<String> vars = new ArrayList<>();
        for (String v : defaults) {
            if (!v.startsWith("bootdelay=")) {
                vars.add(v);
            }
        }
        vars.add(1, "bootdelay=" + seconds);
        return vars;
    }

    /** Writes the 64 MiB flash bank holding {@code vars} to {@code flash}, using {@code mkenvimage} for the CRC. */
    static Path writeFlash(List<String> vars, Path flash) throws IOException {
        Path text = flash.resolveSibling(flash.getFileName() + ".txt");
        Path env = flash.resolveSibling(flash.getFileName() + ".env");
        try {
            Files.write(text, vars, StandardCharsets.US_ASCII);
            QemuTools.MKENVIMAGE.run(List.of("-s", "0x" + Integer.toHexString(ENV_SIZE), "-o", env.toString(),
                    text.toString()), Duration.ofSeconds(30)).requireSuccess();
            byte[] image = Files.readAllBytes(env);
            try (RandomAccessFile f = new RandomAccessFile(flash.toFile(), "rw")) {
                f.setLength(0);
                f.setLength(FLASH_SIZE);
                f.write(image);
            }
            return flash;
        } finally {
            Files.deleteIfExists(text);
            Files.deleteIfExists(env);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
