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
}
