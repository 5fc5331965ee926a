package dev.twinroot.partitioner.layout;

import dev.twinroot.partitioner.LayoutException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people write them in layouts: {@code 1048576}, {@code 512KiB}, {@code 64MiB}, {@code 2GiB},
 * {@code 1TiB}, and the one-letter forms {@code K M G T}, which mean the same binary units (as in sfdisk).
 * Decimal units ("MB", "GB") are refused rather than guessed.
 */
final class Size {

    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([A-Za-z]*)");

    private Size() {
    }

    static long parse(String field, String text) throws LayoutException {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new LayoutException(field + ": expected a size like 64MiB, 2GiB or a number of bytes, found '" + text + "'");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 0;
            case "k", "kib" -> 10;
            case "m", "mib" -> 20;
            case "g", "gib" -> 30;
            case "t", "tib" -> 40;
            case "kb", "mb", "gb", "tb" -> throw new LayoutException(field + ": '" + text
                    + "' is ambiguous (decimal or binary?): write KiB, MiB, GiB or TiB, or a number of bytes");
            default -> throw new LayoutException(field + ": unknown unit '" + m.group(2) + "' in '" + text + "': expected KiB, MiB, GiB or TiB");
        };
        try {
            long value = Long.parseLong(m.group(1));
            if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
                throw new ArithmeticException();
            }
            return value << shift;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LayoutException(field + ": '" + text + "' is too large");
        }
    }

    /** 2147483648 -> "2 GiB", 1536 -> "1.5 KiB": for messages and listings. */
    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }
}
