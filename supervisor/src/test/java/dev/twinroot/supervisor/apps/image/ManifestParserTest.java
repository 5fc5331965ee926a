package dev.twinroot.supervisor.apps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.TestLayers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    @Test
    void readsAnImageManifestAndAnIndexAndPicksThePlatform() throws AppsFormatException {
        TestImages.Image image = TestImages.image(List.of(new TestLayers().file("a", "x").tar()), List.of("/a"), "amd64");
        Manifest.Image m = assertInstanceOf(Manifest.Image.class, ManifestParser.parse(image.manifest()));
        assertEquals(Digest.of(image.config()), m.config().digest());
        assertEquals(image.layers().get(0).length, m.layers().get(0).size());
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x/y\",\"digest\":\"sha256:" + "1".repeat(64)
                + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}},{\"mediaType\":\"x/y\","
                + "\"digest\":\"" + image.digest() + "\",\"size\":2,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
        Manifest.Index i = assertInstanceOf(Manifest.Index.class, ManifestParser.parse(index.getBytes(StandardCharsets.UTF_8)));
        assertEquals(image.digest(), ImageStore.pick(i, new ImagePlatform("linux", "amd64"), image.digest()));
        AppsFormatException e = assertThrows(AppsFormatException.class,
                () -> ImageStore.pick(i, new ImagePlatform("linux", "riscv64"), image.digest()));
        assertTrue(e.getMessage().endsWith("no image for linux/riscv64"));
    }

    @Test
    void refusalsNameTheField() {
        assertRefused("{\"schemaVersion\":1}", "manifest.schemaVersion: expected an integer in 2..2, found 1");
        assertRefused("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"md5:00\",\"size\":1},\"layers\":[]}",
                "manifest.config.digest: expected sha256:");
        assertRefused("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:" + "0".repeat(64)
                + "\",\"size\":-1},\"layers\":[]}", "manifest.config.size: expected an integer in 0..");
        assertRefused("{\"schemaVersion\":2,\"mediaType\":\"text/html\",\"layers\":[]}", "manifest.mediaType: expected an image manifest");
    }

    @Test
    void mutatedManifestsGiveAManifestOrTheFormatException() {
        byte[] base = TestImages.image(List.of(new TestLayers().file("a", "x").tar()), List.of("/a"), "amd64").manifest();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = base.clone();
            for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(128);
            }
            try {
                ManifestParser.parse(b);
            } catch (AppsFormatException expected) {
                assertTrue(expected.getMessage().length() < 300);
            }
        }
    }

    private static void assertRefused(String json, String expected) {
        AppsFormatException e = assertThrows(AppsFormatException.class,
                () -> ManifestParser.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
