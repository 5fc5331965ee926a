package dev.twinroot.updater.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.testing.TestBundles;
import dev.twinroot.updater.testing.TestBundles.Slot;
import dev.twinroot.updater.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-bundle properties over thousands of random damages (bit flips, byte overwrites, truncations,
 * insertions, deletions) of a real three-payload bundle: the reader returns content or a BundleException,
 * never anything else; and with the real verifier, whatever it accepts is byte for byte the original content.
 */
class BundleReaderPropertyTest {

    static final TestPki PKI = new TestPki("property CA");
    static final List<byte[]> IMAGES = List.of(TestBundles.image(20, 3000), TestBundles.image(21, 2000),
            TestBundles.image(22, 500));
    static final ManifestVerifier ACCEPT_ALL = (m, s) -> new SignerIdentity("CN=any", "CN=any", "1", "none");

    @TempDir
    static Path dir;
    static byte[] good;

    @BeforeAll
    static void build() throws IOException {
        good = Files.readAllBytes(TestBundles.write(dir, "p", TestBundles.COMPATIBLE, "1.0", Optional.empty(),
                List.of(new Slot("rootfs", IMAGES.get(0), Compression.ZSTD), new Slot("appfs", IMAGES.get(1), Compression.XZ),
                        new Slot("boot", IMAGES.get(2), Compression.NONE)),
                List.of(new CmsSigner(PKI.signer("s")))));
    }

    static List<byte[]> readAll(byte[] bundle, ManifestVerifier verifier) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (BundleReader r = BundleReader.open(new ByteArrayInputStream(bundle), verifier)) {
            for (Optional<PayloadStream> p = r.nextPayload(); p.isPresent(); p = r.nextPayload()) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                p.get().writeTo(b);
                out.add(b.toByteArray());
            }
        }
        return out;
    }

    static byte[] damage(byte[] b, Random r) {
        int at = r.nextInt(b.length);
        return switch (r.nextInt(5)) {
            case 0 -> {
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << r.nextInt(8));
                yield c;
            }
            case 1 -> {
                byte[] c = b.clone();
                c[at] = (byte) r.nextInt(256);
                yield c;
            }
            case 2 -> Arrays.copyOf(b, at);
            case 3 -> {
                byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) r.nextInt(256);
                System.arraycopy(b, at, c, at + 1, b.length - at);
                yield c;
            }
            default -> {
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                yield c;
            }
        };
    }

    @Test
    void theGoodBundleReadsBack() throws IOException {
        List<byte[]> content = readAll(good, new CmsVerifier(PKI.keyring(), TestPki.clock()));
        for (int i = 0; i < IMAGES.size(); i++) {
            assertArrayEquals(IMAGES.get(i), content.get(i));
        }
    }

    @Test
    void damagedBundlesGiveContentOrABundleExceptionEvenBehindTheSignature() {
        Random r = new Random(99);
        int refused = 0;
        for (int i = 0; i < 1500; i++) {
            byte[] input = damage(good, r);
            try {
                readAll(input, ACCEPT_ALL);
            } catch (BundleException e) {
                refused++;
            } catch (IOException e) {
                throw new AssertionError("a byte array cannot fail with a plain IOException: " + e, e);
            }
        }
        assertTrue(refused > 1100, "most damage must be detected, refused only " + refused);
    }

    @Test
    void whateverTheRealVerifierAcceptsIsTheOriginalContent() {
        CmsVerifier verifier = new CmsVerifier(PKI.keyring(), TestPki.clock());
        Random r = new Random(100);
        int accepted = 0;
        for (int i = 0; i < 600; i++) {
            byte[] input = damage(good, r);
            List<byte[]> content;
            try {
                content = readAll(input, verifier);
            } catch (IOException e) {
                assertTrue(e instanceof BundleException, e.toString());
                continue;
            }
            accepted++;
            assertEquals(IMAGES.size(), content.size());
            for (int k = 0; k < IMAGES.size(); k++) {
                assertArrayEquals(IMAGES.get(k), content.get(k), "damaged bundle " + i + " gave other content");
            }
        }
        // Some damage lands in unsigned CMS fields that do not matter (and is accepted); that is fine.
        assertTrue(accepted < 60, "accepted " + accepted + " damaged bundles");
    }
}
