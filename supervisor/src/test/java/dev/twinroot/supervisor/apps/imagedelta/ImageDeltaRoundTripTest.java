package dev.twinroot.supervisor.apps.imagedelta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.TestLayers;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.image.StoredImage;
import dev.twinroot.supervisor.apps.layer.LayerUnpacker;
import dev.twinroot.supervisor.apps.layer.RootfsBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real round trips: two versions of a busybox-based image whose application layer changed a little, the delta
 * made on the "host" and loaded into a "device" store that holds the first version, then unpacked and run
 * through the same checks as any image.
 */
class ImageDeltaRoundTripTest {

    @TempDir
    Path dir;
    ImageStore device;
    byte[] base;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox: apt-get install busybox-static");
        device = new ImageStore(dir.resolve("device"));
        TestLayers layer = new TestLayers();
        for (String d : List.of("bin", "etc", "tmp", "proc", "dev", "sys")) {
            layer.dir(d, 0755);
        }
        layer.file("bin/busybox", 0755, Files.readAllBytes(TestImages.BUSYBOX));
        layer.symlink("bin/sh", "busybox");
        base = layer.tar();
    }

    /** About 1 MiB of text-like application data, different per seed, compressing as real files do. */
    static byte[] appData(long seed, int size) {
        Random r = new Random(seed);
        String[] words = {"sensor", "reading", "value", "threshold", "alarm", "device", "update", "twinroot",
            "temperature", "pressure", "0x", "ok", "fail", "retry", "\n", "=", ";", "{", "}"};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append(words[r.nextInt(words.length)]).append(r.nextInt(1000)).append(' ');
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    TestImages.Image version(String release, byte[] data) {
        byte[] app = new TestLayers().dir("app", 0755).file("app/data.bin", 0644, data)
                .file("app/release", release + "\n").tar();
        return TestImages.image(List.of(base, app), List.of("/bin/sh"), "amd64");
    }

    @Test
    void oneChangedLayerTravelsAsASmallDeltaAndRebuildsTheImage() throws IOException {
        byte[] data = appData(1, 1 << 20);
        TestImages.Image v1 = version("1.0", data);
        byte[] edited = Arrays.copyOf(data, data.length + 700);
        System.arraycopy(appData(2, 700), 0, edited, data.length, 700);
        edited[123_456] ^= 0x20;
        TestImages.Image v2 = version("1.1", edited);
        DeltaImages.loadArchive(device, v1);

        DeltaImages.Made made = DeltaImages.delta(dir, v1, v2);
        List<ImageDeltaBuilder.LayerChoice> layers = made.result().layers();
        assertEquals("device", layers.get(0).from());
        assertEquals("delta", layers.get(1).from());
        long changedLayer = v2.layers().get(1).length;
        long archive = Files.size(made.file());
        System.out.printf("image delta: changed layer %,d bytes gzipped (%,d tar), its delta %,d bytes, archive %,d"
                + " bytes%n", changedLayer, layers.get(1).tarSize(), layers.get(1).carried(), archive);
        assertTrue(archive * 20 < changedLayer, "archive " + archive + " vs changed layer " + changedLayer);

        StoredImage stored;
        try (var in = Files.newInputStream(made.file())) {
            stored = DeltaImages.loader(device).load(in, "app-1.1.tid");
        }
        assertEquals(v2.digest(), stored.manifest());
        assertNotEquals(v2.digest(), stored.image(), "the device's own manifest of an uncompressed layer");
        assertEquals(stored, device.image(v2.digest()).orElseThrow());
        assertEquals(v2.layers().get(0).length, stored.content().layers().get(0).size(), "base layer reused as is");
        assertEquals(ImageDeltaLoader.LAYER_TAR, stored.content().layers().get(1).mediaType());
        assertEquals(stored.config().diffIds().get(1), stored.content().layers().get(1).digest().toString());

        Path rootfs = new RootfsBuilder(device, new LayerUnpacker(1L << 30, false), Platform.linux().fileSync())
                .rootfs(stored);
        assertTrue(Arrays.equals(edited, Files.readAllBytes(rootfs.resolve("app/data.bin"))));
        assertEquals("1.1\n", Files.readString(rootfs.resolve("app/release")));
        assertTrue(Files.isExecutable(rootfs.resolve("bin/busybox")));
        assertTrue(Files.list(device.root().resolve("partial")).findAny().isEmpty(), "staging removed");

        // Garbage collection keeping only 1.1 keeps what 1.1's own manifest names, and it still unpacks.
        device.collectGarbage(java.util.Set.of(v2.digest()));
        StoredImage again = device.image(v2.digest()).orElseThrow();
        for (var l : again.content().layers()) {
            assertTrue(device.hasBlob(l.digest()));
        }
    }

    @Test
    void aDeltaOfADeltaChainsOnUncompressedLayers() throws IOException {
        TestImages.Image v1 = version("1.0", appData(1, 200_000));
        TestImages.Image v2 = version("1.1", appData(1, 200_100));
        TestImages.Image v3 = version("1.2", appData(1, 200_200));
        DeltaImages.loadArchive(device, v1);
        load(DeltaImages.delta(dir, v1, v2));
        StoredImage s3 = load(DeltaImages.delta(dir, v2, v3));
        assertEquals(v3.digest(), s3.manifest());
        Path rootfs = new RootfsBuilder(device, new LayerUnpacker(1L << 30, false), Platform.linux().fileSync())
                .rootfs(s3);
        assertEquals("1.2\n", Files.readString(rootfs.resolve("app/release")));
    }

    @Test
    void aDeltaForAnotherImageIsRefusedAndTheStoreIsIntact() throws IOException {
        TestImages.Image v1 = version("1.0", appData(1, 100_000));
        TestImages.Image v2 = version("1.1", appData(1, 100_050));
        TestImages.Image other = TestImages.image(List.of(new TestLayers().file("x", "other").tar()), List.of("/x"),
                "amd64");
        DeltaImages.loadArchive(device, other);
        byte[] delta = DeltaImages.delta(dir, v1, v2).bytes();
        Map<String, String> before = DeltaImages.snapshot(device);
        AppsException e = assertThrows(AppsException.class,
                () -> DeltaImages.loader(device).load(new ByteArrayInputStream(delta), "d"));
        assertTrue(e.getMessage().contains("the delta was made for another image"), e.getMessage());
        assertEquals(before, DeltaImages.snapshot(device));
    }

    @Test
    void aDeltaForTheRightBaseButAnotherAppLayerIsRefused() throws IOException {
        TestImages.Image v1 = version("1.0", appData(1, 100_000));
        TestImages.Image v1b = version("1.0b", appData(7, 100_000));
        TestImages.Image v2 = version("1.1", appData(1, 100_050));
        DeltaImages.loadArchive(device, v1b);
        byte[] delta = DeltaImages.delta(dir, v1, v2).bytes();
        Map<String, String> before = DeltaImages.snapshot(device);
        AppsException e = assertThrows(AppsException.class,
                () -> DeltaImages.loader(device).load(new ByteArrayInputStream(delta), "d"));
        assertTrue(e.getMessage().startsWith("image delta: layer 1 needs layer "), e.getMessage());
        assertEquals(before, DeltaImages.snapshot(device));
    }

    @Test
    void everyTruncationIsRefusedAndTheStoreIsIntact() throws IOException {
        TestImages.Image v1 = version("1.0", appData(1, 100_000));
        TestImages.Image v2 = version("1.1", appData(1, 100_050));
        DeltaImages.loadArchive(device, v1);
        byte[] delta = DeltaImages.delta(dir, v1, v2).bytes();
        Map<String, String> before = DeltaImages.snapshot(device);
        Random r = new Random(42);
        for (int i = 0; i < 40; i++) {
            int cut = i < 20 ? r.nextInt(delta.length) : delta.length - 1 - r.nextInt(64);
            byte[] truncated = Arrays.copyOf(delta, cut);
            AppsException e = assertThrows(AppsException.class,
                    () -> DeltaImages.loader(device).load(new ByteArrayInputStream(truncated), "d"), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("image delta: "), e.getMessage());
            assertEquals(before, DeltaImages.snapshot(device), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(delta, delta.length + 1);
        AppsException e = assertThrows(AppsException.class,
                () -> DeltaImages.loader(device).load(new ByteArrayInputStream(longer), "d"));
        assertEquals("image delta: bytes after the last entry, at offset " + delta.length, e.getMessage());
        assertEquals(before, DeltaImages.snapshot(device));
    }

    @Test
    void everyFlippedByteIsRefusedAndTheStoreIsIntact() throws IOException {
        TestImages.Image v1 = version("1.0", appData(1, 60_000));
        TestImages.Image v2 = version("1.1", appData(1, 60_050));
        DeltaImages.loadArchive(device, v1);
        byte[] delta = DeltaImages.delta(dir, v1, v2).bytes();
        Map<String, String> before = DeltaImages.snapshot(device);
        Random r = new Random(7);
        for (int i = 0; i < 150; i++) {
            byte[] bad = delta.clone();
            int at = r.nextInt(bad.length);
            bad[at] ^= (byte) (1 + r.nextInt(255));
            assertThrows(AppsException.class,
                    () -> DeltaImages.loader(device).load(new ByteArrayInputStream(bad), "d"), "byte " + at);
            assertEquals(before, DeltaImages.snapshot(device), "byte " + at);
        }
        assertEquals(v2.digest(), DeltaImages.loader(device).load(new ByteArrayInputStream(delta), "d").manifest());
    }

    @Test
    void aNewLayerWithNothingToPatchTravelsWhole() throws IOException {
        TestImages.Image v1 = TestImages.image(List.of(base), List.of("/bin/sh"), "amd64");
        byte[] extra = new TestLayers().file("etc/motd", "hello\n").tar();
        TestImages.Image v2 = TestImages.image(List.of(base, extra), List.of("/bin/sh"), "amd64");
        DeltaImages.loadArchive(device, v1);
        DeltaImages.Made made = DeltaImages.delta(dir, v1, v2);
        assertEquals("layer", made.result().layers().get(1).from());
        StoredImage s = load(made);
        assertEquals(v2.digest(), s.image(), "every layer as the registry has it: no manifest of the device's own");
        assertEquals(Digest.of(v2.layers().get(1)), s.content().layers().get(1).digest());
    }

    private StoredImage load(DeltaImages.Made made) throws IOException {
        try (var in = Files.newInputStream(made.file())) {
            return DeltaImages.loader(device).load(in, made.file().getFileName().toString());
        }
    }
}
