package dev.twinroot.image.build;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Binary sizes as the config writes them: {@code 64MiB}, {@code 1GiB}, {@code 512KiB} or a number of bytes. */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(KiB|MiB|GiB|K|M|G)?");

    private ByteSize() {
    }

    /** The size in bytes; IllegalArgumentException naming {@code field} unless it is a whole number of MiB. */
    static long parseMiB(String field, String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(field + ": expected a size such as 64MiB or 1GiB, found '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).substring(0, 1);
        long bytes = switch (unit) {
            case "K" -> Math.multiplyExact(n, 1L << 10);
            case "M" -> Math.multiplyExact(n, 1L << 20);
            case "G" -> Math.multiplyExact(n, 1L << 30);
            default -> n;
        };
        if (bytes <= 0 || bytes % (1L << 20) != 0) {
            throw new IllegalArgumentException(field + ": must be a positive whole number of MiB, found '" + text + "'");
        }
        return bytes;
    }
}
