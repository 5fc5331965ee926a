package dev.twinroot.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds minimal ELF64 little-endian kernel modules: a null section, .modinfo and the section-name table. */
final class ElfModules {
    private ElfModules() {
    }

    /** A module whose .modinfo holds {@code entries} (each "key=value"), NUL-separated as the kernel writes them. */
    static byte[] module(String... entries) {
        StringBuilder info = new StringBuilder();
        for (String e : entries) {
            info.append(e).append('\0');
        }
        return elf(info.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] elf(byte[] modinfo) {
        byte[] names = "\0.modinfo\0.shstrtab\0".getBytes(StandardCharsets.ISO_8859_1);
        int modinfoOffset = 64;
        int namesOffset = modinfoOffset + modinfo.length;
        int shoff = (namesOffset + names.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(shoff + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(0x10, (short) 1); // ET_REL
        b.putShort(0x12, (short) 183); // EM_AARCH64
        b.putInt(0x14, 1);
        b.putLong(0x28, shoff);
        b.putShort(0x34, (short) 64);
        b.putShort(0x3A, (short) 64);
        b.putShort(0x3C, (short) 3);
        b.putShort(0x3E, (short) 2);
        b.put(modinfoOffset, modinfo);
        b.put(namesOffset, names);
        section(b, shoff + 64, 1, 1, modinfoOffset, modinfo.length);
        section(b, shoff + 128, 10, 3, namesOffset, names.length);
        return b.array();
    }

    private static void section(ByteBuffer b, int at, int name, int type, long offset, long size) {
        b.putInt(at, name);
        b.putInt(at + 4, type);
        b.putLong(at + 0x18, offset);
        b.putLong(at + 0x20, size);
    }

    /** Writes a module file {@code relative} (e.g. kernel/fs/ext4/ext4.ko) under {@code moduleDir}. */
    static void write(Path moduleDir, String relative, String... entries) throws IOException {
        Path file = moduleDir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, module(entries));
    }
}
