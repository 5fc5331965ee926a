package dev.twinroot.delta.format;

import dev.twinroot.delta.DeltaFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Unsigned LEB128 for non-negative longs: 7 bits a byte, low bits first, at most 9 bytes, minimal encoding only. */
final class Varint {

    static final int MAX_BYTES = 9;

    private Varint() {
    }

    static int write(OutputStream out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("varint of a negative value " + value);
        }
        int n = 0;
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
            n++;
        }
        out.write((int) value);
        return n + 1;
    }

    static long read(InputStream in, String field, long offset) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                throw new DeltaFormatException("truncated delta: " + field + " at offset " + offset + " ends early");
            }
            if (i == MAX_BYTES - 1 && (b & 0x80) != 0) {
                break;
            }
            if (i > 0 && b == 0) {
                throw new DeltaFormatException("bad delta: " + field + " at offset " + offset
                        + " is not minimally encoded");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new DeltaFormatException("bad delta: " + field + " at offset " + offset + " is longer than 9 bytes");
    }

    /** Shifts of the four units of a sized varint: 1 byte, 4 KiB, 1 MiB, 256 MiB. */
    private static final int[] UNIT_SHIFTS = {0, 12, 20, 28};

    /**
     * A sized varint: {@code varint(count << 2 | unit)}, the value being {@code count << UNIT_SHIFTS[unit]}.
     * Offsets and lengths in images are mostly multiples of 4 KiB or 1 MiB, so a 1 MiB extent takes one byte and
     * a 127 MiB hole two, where a plain varint needs three and four. Writers take the largest unit that divides.
     */
    static int writeSized(OutputStream out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("sized varint of a negative value " + value);
        }
        int unit = UNIT_SHIFTS.length - 1;
        while (unit > 0 && (value == 0 || Long.numberOfTrailingZeros(value) < UNIT_SHIFTS[unit])) {
            unit--;
        }
        long count = value >>> UNIT_SHIFTS[unit];
        if (count > (Long.MAX_VALUE >>> 2)) {
            throw new IllegalArgumentException("sized varint value too large: " + value);
        }
        return write(out, count << 2 | unit);
    }

    /** Reads a sized varint; a value beyond 2^63 - 1 is an {@link ArithmeticException}, as for extents. */
    static long readSized(InputStream in, String field, long offset) throws IOException {
        long raw = read(in, field, offset);
        return Math.multiplyExact(raw >>> 2, 1L << UNIT_SHIFTS[(int) (raw & 3)]);
    }
}
