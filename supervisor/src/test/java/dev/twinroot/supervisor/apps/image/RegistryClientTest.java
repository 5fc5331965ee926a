package dev.twinroot.supervisor.apps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.DigestMismatchException;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.TestRegistry;
import dev.twinroot.supervisor.apps.target.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from a real registry (Debian's docker-registry) on loopback. */
class RegistryClientTest {

    static final ImagePlatform AMD64 = new ImagePlatform("linux", "amd64");
    static TestRegistry registry;
    static TestImages.Image image;

    @TempDir
    static Path registryDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        assumeTrue(TestRegistry.REGISTRY.isPresent(), "needs docker-registry: apt-get install docker-registry");
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox: apt-get install busybox-static");
        registry = TestRegistry.start(registryDir);
        image = TestImages.busybox("1.0", List.of("/bin/sh"));
        TestImages.push(image, registry.address(), "acme/app");
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pullsAnImageByDigest() throws IOException {
        ImageStore store = new ImageStore(dir);
        ImageRef ref = ImageRef.parse(registry.address() + "/acme/app@" + image.digest(), "test");
        StoredImage s = new RegistryClient(Duration.ofSeconds(30)).pull(ref, store, AMD64);
        assertEquals(image.digest(), s.manifest());
        for (byte[] blob : image.blobs()) {
            assertTrue(store.hasBlob(Digest.of(blob)));
        }
        assertEquals(ref.toString(), store.entries().get(0).name());
    }

    @Test
    void resumesABlobDownloadFromItsPartialFile() throws IOException {
        ImageStore store = new ImageStore(dir);
        ImageRef ref = ImageRef.parse(registry.address() + "/acme/app@" + image.digest(), "test");
        byte[] big = image.layers().get(0);
        Digest layer = Digest.of(big);
        int half = big.length / 2;
        // An honest first half, as a cut download leaves it: the pull asks only for the rest.
        Files.createDirectories(store.partialPath(layer).getParent());
        Files.write(store.partialPath(layer), Arrays.copyOf(big, half));
        new RegistryClient(Duration.ofSeconds(30)).pull(ref, store, AMD64);
        assertTrue(store.hasBlob(layer));
        assertFalse(Files.exists(store.partialPath(layer)));
    }

    @Test
    void aCorruptPartialFileIsCaughtByTheDigestAndDiscarded() throws IOException {
        ImageStore store = new ImageStore(dir);
        ImageRef ref = ImageRef.parse(registry.address() + "/acme/app@" + image.digest(), "test");
        byte[] big = image.layers().get(0);
        Digest layer = Digest.of(big);
        byte[] wrong = Arrays.copyOf(big, big.length / 2);
        wrong[10] ^= 1;
        Files.createDirectories(store.partialPath(layer).getParent());
        Files.write(store.partialPath(layer), wrong);
        RegistryClient client = new RegistryClient(Duration.ofSeconds(30));
        // Had the client not resumed with Range, it would have fetched the whole blob and succeeded.
        assertThrows(DigestMismatchException.class, () -> client.pull(ref, store, AMD64));
        assertFalse(Files.exists(store.partialPath(layer)));
        client.pull(ref, store, AMD64);
        assertTrue(store.hasBlob(layer));
    }

    @Test
    void anUnknownDigestIsRefused() {
        ImageRef ref = new ImageRef(java.util.Optional.of(registry.address()), "acme/app", Digest.of(new byte[] {42}));
        AppsException e = assertThrows(AppsException.class,
                () -> new RegistryClient(Duration.ofSeconds(30)).pull(ref, new ImageStore(dir), AMD64));
        assertTrue(e.getMessage().contains(": HTTP 404"), e.getMessage());
    }
}
