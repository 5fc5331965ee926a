package dev.twinroot.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code .modinfo} section of a kernel module (an ELF relocatable file) without kmod, so the
 * module closure can be computed for a foreign architecture on any host. The bytes are untrusted: every
 * offset is checked against the file before it is followed, and any malformation is a
 * {@link ModuleFormatException} naming the field.
 */
final class ModuleInfoReader {

    /** Kernel's MODULE_NAME_LEN (64) minus the pointer-sized slack it reserves. */
    static final int MAX_NAME_LENGTH = 56;
    static final int MAX_ALIAS_LENGTH = 512;
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_NAME_LENGTH + "}");
    private static final String MODINFO = ".modinfo";

    private ModuleInfoReader() {
    }

    /**
     * The module's info. {@code fallbackName} (usually the file name without {@code .ko}) is used when the
     * module predates the {@code name=} field.
     */
    static ModuleInfo read(byte[] elf, String fallbackName) throws ModuleFormatException {
        try {
            return parseModinfo(modinfoSection(elf), fallbackName);
        } catch (ModuleFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // Last resort: a bounds check missed above must still surface as this module's format error.
            throw new ModuleFormatException("kernel module " + fallbackName + ": malformed ELF (" + e + ")", e);
        }
    }

    private static byte[] modinfoSection(byte[] elf) throws ModuleFormatException {
        if (elf.length < 16 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            throw new ModuleFormatException("ELF header: expected magic 7f 45 4c 46 at offset 0");
        }
        boolean is64 = switch (elf[4]) {
            case 1 -> false;
            case 2 -> true;
            default -> throw new ModuleFormatException("ELF header: EI_CLASS at offset 4 is " + elf[4] + ", expected 1 or 2");
        };
        ByteBuffer buf = ByteBuffer.wrap(elf).order(switch (elf[5]) {
            case 1 -> ByteOrder.LITTLE_ENDIAN;
            case 2 -> ByteOrder.BIG_ENDIAN;
            default -> throw new ModuleFormatException("ELF header: EI_DATA at offset 5 is " + elf[5] + ", expected 1 or 2");
        });
        int headerSize = is64 ? 64 : 52;
        need(elf, 0, headerSize, "ELF header");
        long shoff = is64 ? buf.getLong(0x28) : Integer.toUnsignedLong(buf.getInt(0x20));
        int shentsize = Short.toUnsignedInt(buf.getShort(is64 ? 0x3A : 0x2E));
        int shnum = Short.toUnsignedInt(buf.getShort(is64 ? 0x3C : 0x30));
        int shstrndx = Short.toUnsignedInt(buf.getShort(is64 ? 0x3E : 0x32));
        int minEntry = is64 ? 64 : 40;
        if (shentsize < minEntry) {
            throw new ModuleFormatException("ELF header: e_shentsize is " + shentsize + ", expected at least " + minEntry);
        }
        if (shnum == 0 || shstrndx >= shnum) {
            throw new ModuleFormatException("ELF header: e_shnum " + shnum + " / e_shstrndx " + shstrndx
                    + " do not name a section-name table");
        }
        if (shoff < 0) {
            throw new ModuleFormatException("ELF header: e_shoff " + Long.toUnsignedString(shoff) + " is past the file");
        }
        need(elf, shoff, Math.multiplyExact((long) shnum, shentsize), "section header table");
        Section names = section(buf, is64, shoff + (long) shstrndx * shentsize, elf, "section-name table");
        for (int i = 0; i < shnum; i++) {
            long entry = shoff + (long) i * shentsize;
            long nameOffset = Integer.toUnsignedLong(buf.getInt((int) entry));
            if (MODINFO.equals(cString(elf, names, nameOffset).orElse(null))) {
                Section modinfo = section(buf, is64, entry, elf, MODINFO + " section");
                byte[] bytes = new byte[Math.toIntExact(modinfo.size)];
                System.arraycopy(elf, Math.toIntExact(modinfo.offset), bytes, 0, bytes.length);
                return bytes;
            }
        }
        throw new ModuleFormatException("ELF section headers: no " + MODINFO + " section among " + shnum);
    }

    private record Section(long offset, long size) {
    }

    private static Section section(ByteBuffer buf, boolean is64, long entry, byte[] elf, String what)
            throws ModuleFormatException {
        int at = Math.toIntExact(entry);
        long offset = is64 ? buf.getLong(at + 0x18) : Integer.toUnsignedLong(buf.getInt(at + 0x10));
        long size = is64 ? buf.getLong(at + 0x20) : Integer.toUnsignedLong(buf.getInt(at + 0x14));
        if (offset < 0 || size < 0) {
            throw new ModuleFormatException(what + ": offset/size out of range");
        }
        need(elf, offset, size, what);
        return new Section(offset, size);
    }

    private static void need(byte[] elf, long offset, long length, String what) throws ModuleFormatException {
        if (offset > elf.length || length > elf.length - offset) {
            throw new ModuleFormatException(what + ": " + length + " bytes at offset " + offset
                    + " run past the end of the " + elf.length + "-byte file");
        }
    }

    /** The NUL-terminated string at {@code offset} inside a string table, or empty when it is out of bounds. */
    private static Optional<String> cString(byte[] elf, Section table, long offset) {
        if (offset >= table.size) {
            return Optional.empty();
        }
        int start = Math.toIntExact(table.offset + offset);
        int end = Math.toIntExact(table.offset + table.size);
        for (int i = start; i < end; i++) {
            if (elf[i] == 0) {
                return Optional.of(new String(elf, start, i - start, StandardCharsets.ISO_8859_1));
            }
        }
        return Optional.empty();
    }

    static ModuleInfo parseModinfo(byte[] section, String fallbackName) throws ModuleFormatException {
        String name = null;
        List<String> depends = new ArrayList<>();
        List<String> softPre = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= section.length; i++) {
            if (i < section.length && section[i] != 0) {
                continue;
            }
            if (i > start) {
                String entry = new String(section, start, i - start, StandardCharsets.ISO_8859_1);
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new ModuleFormatException(MODINFO + ": entry at offset " + start + " is not key=value");
                }
                String key = entry.substring(0, eq);
                String value = entry.substring(eq + 1);
                switch (key) {
                    case "name" -> name = checkedName(value, "name", start);
                    case "depends" -> {
                        for (String dep : value.split(",")) {
                            if (!dep.isEmpty()) {
                                depends.add(checkedName(dep, "depends", start));
                            }
                        }
                    }
                    case "softdep" -> softPre.addAll(softPre(value, start));
                    case "alias" -> {
                        if (value.isEmpty() || value.length() > MAX_ALIAS_LENGTH) {
                            throw new ModuleFormatException(MODINFO + ": alias at offset " + start + " has length "
                                    + value.length() + ", expected 1.." + MAX_ALIAS_LENGTH);
                        }
                        aliases.add(value);
                    }
                    default -> {
                        // license, description, vermagic, parm...: not needed to order the loading.
                    }
                }
            }
            start = i + 1;
        }
        String moduleName = name != null ? name : checkedName(fallbackName, "file name", 0);
        return new ModuleInfo(moduleName, depends, softPre, aliases);
    }

    /** {@code softdep=pre: a b post: c}: the modules listed after {@code pre:}. */
    private static List<String> softPre(String value, int offset) throws ModuleFormatException {
        List<String> pre = new ArrayList<>();
        boolean inPre = false;
        for (String token : value.trim().split("\\s+")) {
            if (token.equals("pre:")) {
                inPre = true;
            } else if (token.equals("post:")) {
                inPre = false;
            } else if (inPre) {
                // A softdep may name an alias (crypto-crc32c), which allows more than a module name's characters.
                if (token.length() > MAX_ALIAS_LENGTH) {
                    throw new ModuleFormatException(MODINFO + ": softdep at offset " + offset + " names a "
                            + token.length() + "-character module, expected at most " + MAX_ALIAS_LENGTH);
                }
                pre.add(token);
            }
        }
        return pre;
    }

    private static String checkedName(String value, String field, int offset) throws ModuleFormatException {
        if (!MODULE_NAME.matcher(value).matches()) {
            throw new ModuleFormatException(MODINFO + ": " + field + " at offset " + offset
                    + " is not a module name (1.." + MAX_NAME_LENGTH + " of A-Z a-z 0-9 _ -)");
        }
        return ModuleInfo.normalize(value);
    }
}
