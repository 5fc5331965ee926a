package dev.twinroot.supervisor.apps.imagedelta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDeltaIndexCodecTest {

    static final String A = "sha256:" + "a".repeat(64);
    static final String B = "sha256:" + "b".repeat(64);

    static ImageDeltaIndex sample() throws AppsFormatException {
        Digest a = Digest.parse(A, "a");
        Digest b = Digest.parse(B, "b");
        return new ImageDeltaIndex(a, b, new ImageDeltaIndex.Blob(a, 400), new ImageDeltaIndex.Blob(b, 200),
                List.of(new ImageDeltaIndex.OnDevice(a),
                        new ImageDeltaIndex.Patched(b, a, new ImageDeltaIndex.Blob(b, 730)),
                        new ImageDeltaIndex.Whole(a, new ImageDeltaIndex.Blob(a, 31337))));
    }

    @Test
    void encodesTheDocumentedShapeAndDecodesItBack() throws AppsFormatException {
        byte[] json = ImageDeltaIndexCodec.encode(sample());
        assertEquals("{\"source\":{\"manifest\":\"" + A + "\",\"config\":\"" + B + "\"},"
                + "\"manifest\":{\"digest\":\"" + A + "\",\"size\":400},\"config\":{\"digest\":\"" + B + "\",\"size\":200},"
                + "\"layers\":[{\"diffId\":\"" + A + "\",\"from\":\"device\"},"
                + "{\"diffId\":\"" + B + "\",\"from\":\"delta\",\"sourceDiffId\":\"" + A + "\",\"digest\":\"" + B + "\",\"size\":730},"
                + "{\"diffId\":\"" + A + "\",\"from\":\"layer\",\"digest\":\"" + A + "\",\"size\":31337}]}",
                new String(json, StandardCharsets.UTF_8));
        assertEquals(sample(), ImageDeltaIndexCodec.decode(json));
        assertArrayEquals(json, ImageDeltaIndexCodec.encode(ImageDeltaIndexCodec.decode(json)));
        assertEquals(4, sample().entries().size(), "manifest, config, the delta, the whole layer");
    }

    @Test
    void refusesWhatTheFormatDoesNotAllowNamingTheField() {
        String ok = new String(ImageDeltaIndexCodec.encode(uncheckedSample()), StandardCharsets.UTF_8);
        assertEquals("layers[0].from: expected device, delta or layer, found \"cache\"",
                refused(ok.replace("\"from\":\"device\"", "\"from\":\"cache\"")));
        assertEquals("layers[0]: unknown field \"size\" (known: diffId, from)",
                refused(ok.replace("\"from\":\"device\"", "\"from\":\"device\",\"size\":1")));
        assertEquals("image delta index: unknown field \"extra\" (known: config, layers, manifest, source)",
                refused(ok.replace("{\"source\"", "{\"extra\":1,\"source\"")));
        assertEquals("manifest.size: expected an integer in 0..4194304, found 99999999",
                refused(ok.replace("\"size\":400", "\"size\":99999999")));
        assertEquals("layers[1].sourceDiffId: expected sha256: and 64 lowercase hex digits, found \"md5:00\"",
                refused(ok.replace("\"sourceDiffId\":\"" + A + "\"", "\"sourceDiffId\":\"md5:00\"")));
        assertEquals("image delta index: not valid JSON at line 1, column 2", refused("{]"));
    }

    private static ImageDeltaIndex uncheckedSample() {
        try {
            return sample();
        } catch (AppsFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static String refused(String json) {
        return assertThrows(AppsFormatException.class,
                () -> ImageDeltaIndexCodec.decode(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }
}
