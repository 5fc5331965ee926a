package dev.twinroot.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a program runs without a dynamic loader (no {@code PT_INTERP} program header): the initramfs
 * holds busybox and nothing else, so a dynamically linked busybox would leave the kernel unable to start
 * {@code /init}.
 */
final class StaticExecutable {
    private static final int PT_INTERP = 3;

    private StaticExecutable() {
    }

    static void require(Path program) throws IOException {
        byte[] elf = Files.readAllBytes(program);
        if (!isStatic(elf)) {
            throw new ImageException(program + " is not a statically linked ELF executable (install busybox-static)");
        }
    }

    static boolean isStatic(byte[] elf) {
        if (elf.length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F'
                || (elf[4] != 1 && elf[4] != 2) || (elf[5] != 1 && elf[5] != 2)) {
            return false;
        }
        boolean is64 = elf[4] == 2;
        ByteBuffer buf = ByteBuffer.wrap(elf).order(elf[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long phoff = is64 ? buf.getLong(0x20) : Integer.toUnsignedLong(buf.getInt(0x1C));
        int phentsize = Short.toUnsignedInt(buf.getShort(is64 ? 0x36 : 0x2A));
        int phnum = Short.toUnsignedInt(buf.getShort(is64 ? 0x38 : 0x2C));
        if (phnum == 0 || phentsize < (is64 ? 56 : 32) || phoff < 0
                || phoff > elf.length || (long) phnum * phentsize > elf.length - phoff) {
            return false;
        }
        for (int i = 0; i < phnum; i++) {
            if (buf.getInt(Math.toIntExact(phoff + (long) i * phentsize)) == PT_INTERP) {
                return false;
            }
        }
        return true;
    }
}
