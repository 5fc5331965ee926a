package dev.twinroot.delta.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sized varint of format version 2: round trips, the examples of docs/formats/delta.md, overflow. */
class SizedVarintTest {

    @Test
    void randomValuesOfEveryAlignmentRoundTripInAtMostAPlainVarintPlusOneByte() throws IOException {
        Random rnd = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            int shift = rnd.nextInt(40);
            long value = (rnd.nextLong() >>> (2 + rnd.nextInt(60))) << Math.min(shift, 30);
            if (value < 0 || value > (Long.MAX_VALUE >>> 2)) {
                continue;
            }
            ByteArrayOutputStream sized = new ByteArrayOutputStream();
            int n = Varint.writeSized(sized, value);
            assertEquals(sized.size(), n);
            assertEquals(value, Varint.readSized(new ByteArrayInputStream(sized.toByteArray()), "v", 0), "value " + value);
            int plain = Varint.write(new ByteArrayOutputStream(), value);
            assertTrue(n <= plain + 1, value + ": sized " + n + " bytes, plain " + plain);
        }
    }

    @Test
    void documentedExamples() throws IOException {
        assertEquals("06", sized(1 << 20));
        assertEquals("3e", sized(15 << 20));
        assertEquals("fe03", sized(127L << 20));
        assertEquals("807d", sized(4000));
        assertEquals("00", sized(0));
        assertEquals("05", sized(4096));
        assertEquals("07", sized(256L << 20));
    }

    @Test
    void valuesBeyondALongAreArithmeticErrors() {
        byte[] max = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, 0x7F};
        assertThrows(ArithmeticException.class, () -> Varint.readSized(new ByteArrayInputStream(max), "v", 0));
    }

    private static String sized(long v) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.writeSized(out, v);
        return HexFormat.of().formatHex(out.toByteArray());
    }
}
