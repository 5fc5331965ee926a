package dev.twinroot.updater.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BundleHeaderCodecTest {

    static final BundleHeaderCodec CODEC = new BundleHeaderCodec(BundleLimits.DEFAULT);

    /** Golden vector: the layout in docs/formats/bundle.md, byte by byte. */
    @Test
    void encodesTheDocumentedLayout() throws IOException {
        BundleHeader h = new BundleHeader(new byte[] {'{', '}'}, List.of(new byte[] {0x30, 0x00}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CODEC.write(h, out);
        byte[] expected = {'T', 'W', 'R', 'B', 'N', 'D', 'L', '1', 0, 1, 0, 0, 0, 0, 0, 2, '{', '}',
            0, 0, 0, 8, 0, 1, 0, 0, 0, 2, 0x30, 0x00};
        assertArrayEquals(expected, out.toByteArray());
        assertEquals(expected.length, h.encodedLength());
        BundleHeader back = CODEC.read(new ByteArrayInputStream(expected));
        assertArrayEquals(h.manifest(), back.manifest());
        assertArrayEquals(h.signature(0), back.signature(0));
    }

    @Test
    void randomHeadersRoundTrip() throws IOException {
        Random r = new Random(3);
        for (int i = 0; i < 500; i++) {
            byte[] manifest = new byte[1 + r.nextInt(3000)];
            r.nextBytes(manifest);
            List<byte[]> sigs = new ArrayList<>();
            for (int n = 1 + r.nextInt(16); n > 0; n--) {
                byte[] s = new byte[1 + r.nextInt(500)];
                r.nextBytes(s);
                sigs.add(s);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CODEC.write(new BundleHeader(manifest, sigs), out);
            BundleHeader back = CODEC.read(new ByteArrayInputStream(out.toByteArray()));
            assertArrayEquals(manifest, back.manifest());
            assertEquals(sigs.size(), back.signatureCount());
            for (int k = 0; k < sigs.size(); k++) {
                assertArrayEquals(sigs.get(k), back.signature(k));
            }
        }
    }

    /** A declared 1 MiB manifest on a 20-byte stream fails as truncated without allocating the megabyte first. */
    @Test
    void lengthsAreCappedBeforeAllocation() {
        byte[] head = ByteBuffer.allocate(16).put("TWRBNDL1".getBytes()).putShort((short) 1).putShort((short) 0)
                .putInt(BundleLimits.MIB + 1).array();
        BundleLimitException e = assertThrows(BundleLimitException.class, () -> CODEC.read(new ByteArrayInputStream(head)));
        assertEquals("manifest length 1048577 at offset 12 exceeds the limit of 1048576 bytes", e.getMessage());
        ByteBuffer.wrap(head).putInt(12, BundleLimits.MIB);
        BundleFormatException t = assertThrows(BundleFormatException.class, () -> CODEC.read(new ByteArrayInputStream(head)));
        assertEquals("bundle truncated in the manifest at offset 16: expected 1048576 bytes, found 0", t.getMessage());
    }

    /** Property: random bytes (and random edits of a valid header) give a header or a BundleException. */
    @Test
    void randomBytesGiveAHeaderOrABundleException() throws IOException {
        Random r = new Random(4);
        ByteArrayOutputStream valid = new ByteArrayOutputStream();
        CODEC.write(new BundleHeader(new byte[40], List.of(new byte[30], new byte[20])), valid);
        byte[] template = valid.toByteArray();
        for (int i = 0; i < 50_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[r.nextInt(64)];
                r.nextBytes(input);
                if (input.length >= 10 && r.nextBoolean()) {
                    System.arraycopy(template, 0, input, 0, 10);
                }
            } else {
                input = template.clone();
                input[r.nextInt(input.length)] ^= (byte) (1 << r.nextInt(8));
                if (r.nextBoolean()) {
                    input = java.util.Arrays.copyOf(input, r.nextInt(input.length + 1));
                }
            }
            InputStream in = new ByteArrayInputStream(input);
            try {
                BundleHeader h = CODEC.read(in);
                assertTrue(h.encodedLength() <= input.length);
            } catch (BundleException expected) {
                // The contract: this type or a value.
            }
        }
    }
}
