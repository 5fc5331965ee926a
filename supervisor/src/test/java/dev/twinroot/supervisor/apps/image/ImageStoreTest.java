package dev.twinroot.supervisor.apps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.DigestMismatchException;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.TestLayers;
import dev.twinroot.supervisor.apps.layer.LayerUnpacker;
import dev.twinroot.supervisor.apps.layer.RootfsBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {

    static final ImagePlatform AMD64 = new ImagePlatform("linux", "amd64");

    @TempDir
    Path dir;
    ImageStore store;

    @BeforeEach
    void setUp() {
        store = new ImageStore(dir.resolve("images"));
    }

    @Test
    void loadsAnOciArchiveAndUnpacksItsRootfs() throws IOException {
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox: apt-get install busybox-static");
        TestImages.Image image = TestImages.busybox("1.0", List.of("/bin/sh"));
        List<StoredImage> loaded = new ImageArchive(store, AMD64).load(
                new ByteArrayInputStream(TestImages.ociArchive(image)), "bundle:app");
        assertEquals(1, loaded.size());
        StoredImage s = loaded.get(0);
        assertEquals(image.digest(), s.manifest());
        assertEquals(List.of("/bin/sh"), s.config().defaultArgs());
        for (byte[] blob : image.blobs()) {
            assertTrue(store.hasBlob(Digest.of(blob)));
        }
        assertEquals(s, store.image(image.digest()).orElseThrow());
        Path rootfs = new RootfsBuilder(store, new LayerUnpacker(1L << 30, false), dev.twinroot.platform.Platform.linux().fileSync()).rootfs(s);
        assertEquals(store.rootfsPath(s.image()), rootfs);
        assertEquals("1.0\n", Files.readString(rootfs.resolve("etc/release")));
        assertTrue(Files.isExecutable(rootfs.resolve("bin/busybox")));
        assertEquals(Path.of("busybox"), Files.readSymbolicLink(rootfs.resolve("bin/sh")));
    }

    @Test
    void refusesABlobWhoseContentDoesNotMatchItsName() throws IOException {
        TestImages.Image image = TestImages.image(List.of(new TestLayers().file("a", "x").tar()), List.of("/a"), "amd64");
        byte[] archive = TestImages.ociArchive(image);
        // Change one byte of the config's content inside the archive, leaving its name (the digest) as it is.
        int at = indexOf(archive, image.config());
        archive[at + 2] ^= 1;
        assertThrows(DigestMismatchException.class,
                () -> new ImageArchive(store, AMD64).load(new ByteArrayInputStream(archive), "bad"));
        assertFalse(store.hasBlob(Digest.of(image.config())));
        assertEquals(List.of(), store.entries());
    }

    @Test
    void refusesAnImageForAnotherArchitecture() {
        TestImages.Image image = TestImages.image(List.of(new TestLayers().file("a", "x").tar()), List.of("/a"), "arm64");
        AppsFormatException e = assertThrows(AppsFormatException.class, () -> new ImageArchive(store, AMD64)
                .load(new ByteArrayInputStream(TestImages.ociArchive(image)), "other"));
        assertTrue(e.getMessage().endsWith("built for arm64, this device is amd64"), e.getMessage());
    }

    @Test
    void garbageCollectionKeepsOnlyWhatKeptImagesNeed() throws IOException {
        byte[] shared = new TestLayers().file("shared", "s").tar();
        TestImages.Image one = TestImages.image(List.of(shared, new TestLayers().file("one", "1").tar()), List.of("/x"), "amd64");
        TestImages.Image two = TestImages.image(List.of(shared, new TestLayers().file("two", "2").tar()), List.of("/x"), "amd64");
        RootfsBuilder rootfs = new RootfsBuilder(store, new LayerUnpacker(1L << 30, false), dev.twinroot.platform.Platform.linux().fileSync());
        for (TestImages.Image i : List.of(one, two)) {
            StoredImage s = new ImageArchive(store, AMD64).load(new ByteArrayInputStream(TestImages.ociArchive(i)), "x").get(0);
            rootfs.rootfs(s);
        }
        Files.write(store.partialPath(Digest.of(new byte[] {1})), new byte[100]);
        long freed = store.collectGarbage(Set.of(one.digest()));
        assertTrue(freed >= two.layers().get(1).length + two.config().length + two.manifest().length + 100, "freed " + freed);
        for (byte[] blob : one.blobs()) {
            assertTrue(store.hasBlob(Digest.of(blob)));
        }
        assertFalse(store.hasBlob(two.digest()));
        assertFalse(store.hasBlob(Digest.of(two.layers().get(1))));
        assertFalse(Files.exists(store.rootfsPath(two.digest())));
        assertTrue(Files.exists(store.rootfsPath(one.digest())));
        assertEquals(1, store.entries().size());
        assertTrue(store.image(two.digest()).isEmpty());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
