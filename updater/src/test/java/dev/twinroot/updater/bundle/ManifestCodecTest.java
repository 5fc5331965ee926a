package dev.twinroot.updater.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestCodecTest {

    static final ManifestCodec CODEC = new ManifestCodec(BundleLimits.DEFAULT);
    static final String SHA = "ab".repeat(32);
    static final String SHA2 = "cd".repeat(32);

    static String manifest(String payloadExtra) {
        return "{\"format\":1,\"compatible\":\"qemu-arm64\",\"version\":\"1.0\",\"payloads\":[{\"kind\":\"full\","
                + "\"slotClass\":\"rootfs\",\"compression\":\"zstd\",\"size\":10,\"sha256\":\"" + SHA + "\","
                + "\"imageSize\":20,\"imageSha256\":\"" + SHA2 + "\"" + payloadExtra + "}]}";
    }

    static Manifest parse(String json) throws BundleException {
        return CODEC.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesTheDocumentedExampleAndIgnoresUnknownFields() throws BundleException {
        Manifest m = parse(manifest(",\"futureField\":{\"x\":[1,2]}"));
        assertEquals("qemu-arm64", m.compatible());
        assertEquals(20, m.payloads().get(0).imageSize());
        assertEquals(Compression.ZSTD, m.payloads().get(0).compression());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "duplicate key|{\"format\":1,\"format\":1}|not valid JSON",
        "trailing tokens|{\"format\":1} {}|not valid JSON",
        "array at top|[1]|expected a JSON object",
        "format 2|{\"format\":2}|field format: expected 1, found 2",
        "format as string|{\"format\":\"1\"}|field format: expected an integer",
        "missing compatible|{\"format\":1}|field compatible: expected a string",
        "bad compatible|{\"format\":1,\"compatible\":\"-x\",\"version\":\"1\",\"payloads\":[]}|compatible must be",
        "no payloads|{\"format\":1,\"compatible\":\"x\",\"version\":\"1\",\"payloads\":[]}|at least one payload",
        "bad version|{\"format\":1,\"compatible\":\"x\",\"version\":\"v1\",\"payloads\":[]}|field version: not a version",
        "payloads not array|{\"format\":1,\"compatible\":\"x\",\"version\":\"1\",\"payloads\":{}}|field payloads: expected an array",
        "null minimum version|{\"format\":1,\"compatible\":\"x\",\"version\":\"1\",\"minimumVersion\":null,\"payloads\":[]}|field minimumVersion: expected a string",
        "deep nesting|{\"a\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}|not valid JSON",
    })
    void rejectsMalformedManifests(String name, String json, String fragment) {
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(fragment), name + ": " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "negative size|,\"size\":-1|",
        "fractional size|,\"size\":1.5|",
        "exponent size|,\"size\":1e3|",
        "size as string|,\"size\":\"10\"|",
        "huge size|,\"size\":99999999999999999999|",
        "short sha|,\"sha256\":\"abc\"|",
        "upper sha|,\"sha256\":\"" + "AB" + "\"|",
        "source on full|,\"sourceSha256\":\"" + "00" + "\"|",
    })
    void rejectsBadPayloadFields(String name, String override, String unused) {
        // Later keys would be duplicates, which are rejected too; replace the field instead.
        String key = override.substring(2, override.indexOf('"', 2));
        String json = manifest("").replaceFirst("\"" + key + "\":(\"[0-9a-f]*\"|[0-9]+),?", "");
        json = json.replace("\"kind\":\"full\"", "\"kind\":\"full\"" + override);
        String finalJson = json;
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> parse(finalJson));
        assertTrue(e.getMessage().contains("payloads[0]"), name + ": " + e.getMessage());
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] bytes = manifest("").getBytes(StandardCharsets.UTF_8);
        bytes[30] = (byte) 0xC3;
        assertTrue(assertThrows(BundleFormatException.class, () -> CODEC.parse(bytes)).getMessage()
                .contains("not valid UTF-8"));
    }

    @Test
    void tooManyPayloadsIsALimit() {
        ManifestCodec small = new ManifestCodec(new BundleLimits(1024 * 1024, 1024, 1, 1));
        String two = "{\"format\":1,\"compatible\":\"x\",\"version\":\"1\",\"payloads\":[{},{}]}";
        assertThrows(BundleLimitException.class, () -> small.parse(two.getBytes(StandardCharsets.UTF_8)));
    }

    /** Property: any manifest the model allows encodes to bytes that parse back to the same manifest. */
    @Test
    void randomManifestsRoundTrip() throws BundleException {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            Manifest m = randomManifest(r);
            byte[] bytes = CODEC.toBytes(m);
            Manifest back = CODEC.parse(bytes);
            assertEquals(m, back);
            assertEquals(m.version().toString(), back.version().toString());
            assertArrayEquals(bytes, CODEC.toBytes(back), "encoding is deterministic");
        }
    }

    /** Property: random bytes and random edits of a valid manifest give a manifest or a BundleException. */
    @Test
    void randomBytesNeverEscapeAsUncheckedExceptions() {
        Random r = new Random(8);
        byte[] valid = CODEC.toBytes(randomManifest(r));
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[r.nextInt(200)];
                r.nextBytes(input);
            } else {
                input = valid.clone();
                for (int k = r.nextInt(4); k >= 0; k--) {
                    String alphabet = " {}[]\":,0123456789-.eEtrufalsn\\x";
                    input[r.nextInt(input.length)] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
                }
            }
            try {
                CODEC.parse(input);
            } catch (BundleException expected) {
                // The contract: this type or a value.
            }
        }
    }

    static Manifest randomManifest(Random r) {
        List<Payload> payloads = new ArrayList<>();
        String[] slots = {"rootfs", "appfs", "boot", "data-1", "x_y"};
        int n = 1 + r.nextInt(slots.length);
        for (int i = 0; i < n; i++) {
            Sha256 stored = randomSha(r);
            Compression c = Compression.values()[r.nextInt(3)];
            long size = r.nextInt(4) == 0 ? Long.MAX_VALUE / 8 : r.nextInt(Integer.MAX_VALUE);
            if (r.nextBoolean()) {
                long imageSize = c == Compression.NONE ? size : r.nextLong() & Long.MAX_VALUE;
                payloads.add(Payload.full(slots[i], size, stored, c, imageSize, c == Compression.NONE ? stored : randomSha(r)));
            } else {
                payloads.add(Payload.delta(slots[i], size, stored, c, r.nextLong() & Long.MAX_VALUE, randomSha(r),
                        new DeltaSource(r.nextLong() & Long.MAX_VALUE, randomSha(r))));
            }
        }
        Version v = Version.parse((1 + r.nextInt(5)) + "." + r.nextInt(10) + (r.nextBoolean() ? "-rc." + r.nextInt(3) : ""));
        Optional<Version> min = r.nextBoolean() ? Optional.of(Version.parse("0." + r.nextInt(9))) : Optional.empty();
        String compatible = "dev" + HexFormat.of().toHexDigits(r.nextInt()) + (r.nextBoolean() ? ".b+c:d-e" : "");
        return new Manifest(compatible, v, min, payloads);
    }

    static Sha256 randomSha(Random r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return Sha256.of(b);
    }
}
