package dev.twinroot.platform;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses mountinfo as proc(5) and the kernel's {@code show_mountinfo()} write it: one mount per line, fields
 * separated by one space, optional fields ended by a lone {@code -}, then file system type, source and super
 * options. Spaces, tabs, newlines and backslashes inside a field are written as three-digit octal escapes
 * ({@code \040}), and commas inside an option value as {@code \054}, so lines and option lists are split
 * first and unescaped after. Any other shape is a {@link MountInfoFormatException}, never a guess.
 */
final class MountInfoParser {

    private static final int FIXED_BEFORE_SEPARATOR = 6;
    private static final int FIXED_AFTER_SEPARATOR = 3;

    private final byte[] input;

    MountInfoParser(byte[] input) {
        this.input = input;
    }

    List<MountInfo> parse() throws MountInfoFormatException {
        List<MountInfo> mounts = new ArrayList<>();
        int start = 0;
        int lineNumber = 1;
        while (start < input.length) {
            int end = start;
            while (end < input.length && input[end] != '\n') {
                end++;
            }
            if (end == input.length) {
                throw new MountInfoFormatException(lineNumber, "missing the final newline");
            }
            mounts.add(parseLine(lineNumber, new String(input, start, end - start, StandardCharsets.ISO_8859_1)));
            start = end + 1;
            lineNumber++;
        }
        return mounts;
    }

    // ISO-8859-1 keeps one char per byte, so escapes can be decoded back to the exact bytes before UTF-8.
    private static MountInfo parseLine(int line, String text) throws MountInfoFormatException {
        String[] fields = text.split(" ", -1);
        int separator = -1;
        for (int i = FIXED_BEFORE_SEPARATOR; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                separator = i;
                break;
            }
        }
        if (separator < 0) {
            throw new MountInfoFormatException(line, "expected at least " + FIXED_BEFORE_SEPARATOR
                    + " fields and then the separator '-', found " + fields.length + " fields and no separator");
        }
        int after = fields.length - separator - 1;
        if (after != FIXED_AFTER_SEPARATOR) {
            throw new MountInfoFormatException(line, "expected " + FIXED_AFTER_SEPARATOR
                    + " fields after the separator '-', found " + after);
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].isEmpty()) {
                throw new MountInfoFormatException(line, "field " + (i + 1) + " is empty");
            }
        }
        int mountId = number(line, "mount ID", fields[0]);
        int parentId = number(line, "parent ID", fields[1]);
        DeviceNumber device = device(line, fields[2]);
        String root = unescape(line, "root", fields[3]);
        String mountPoint = unescape(line, "mount point", fields[4]);
        if (!mountPoint.startsWith("/") || mountPoint.indexOf('\0') >= 0) {
            throw new MountInfoFormatException(line, "mount point: expected an absolute path without NUL");
        }
        List<String> mountOptions = options(line, "mount options", fields[5]);
        List<String> optional = new ArrayList<>();
        for (int i = FIXED_BEFORE_SEPARATOR; i < separator; i++) {
            optional.add(unescape(line, "optional field", fields[i]));
        }
        String fsType = unescape(line, "filesystem type", fields[separator + 1]);
        String source = unescape(line, "source", fields[separator + 2]);
        List<String> superOptions = options(line, "super options", fields[separator + 3]);
        return new MountInfo(mountId, parentId, device, root, Path.of(mountPoint), mountOptions, optional, fsType,
                source, superOptions);
    }

    private static int number(int line, String field, String text) throws MountInfoFormatException {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MountInfoFormatException(line, field + ": expected a decimal number of 1 to 10 digits");
        }
        long value = Long.parseLong(text);
        if (value > Integer.MAX_VALUE) {
            throw new MountInfoFormatException(line, field + ": expected at most " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static DeviceNumber device(int line, String text) throws MountInfoFormatException {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new MountInfoFormatException(line, "major:minor: expected a ':'");
        }
        return new DeviceNumber(number(line, "major", text.substring(0, colon)),
                number(line, "minor", text.substring(colon + 1)));
    }

    private static List<String> options(int line, String field, String text) throws MountInfoFormatException {
        List<String> options = new ArrayList<>();
        for (String option : text.split(",", -1)) {
            if (option.isEmpty()) {
                throw new MountInfoFormatException(line, field + ": empty option");
            }
            options.add(unescape(line, field, option));
        }
        return options;
    }

    private static String unescape(int line, String field, String text) throws MountInfoFormatException {
        if (text.indexOf('\\') < 0) {
            return utf8(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                bytes.write(c);
                continue;
            }
            if (i + 3 >= text.length()) {
                throw new MountInfoFormatException(line, field + ": escape at character " + i
                        + " needs three octal digits, found the end of the field");
            }
            int value = 0;
            for (int k = 1; k <= 3; k++) {
                char d = text.charAt(i + k);
                if (d < '0' || d > '7') {
                    throw new MountInfoFormatException(line, field + ": escape at character " + i
                            + " needs three octal digits");
                }
                value = value * 8 + (d - '0');
            }
            if (value > 0xff) {
                throw new MountInfoFormatException(line, field + ": escape at character " + i
                        + " is above \\377");
            }
            bytes.write(value);
            i += 3;
        }
        return utf8(bytes.toByteArray());
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
