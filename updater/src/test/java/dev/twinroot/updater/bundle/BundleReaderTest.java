package dev.twinroot.updater.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.KeyAlgorithm;
import dev.twinroot.updater.testing.TestBundles;
import dev.twinroot.updater.testing.TestBundles.Slot;
import dev.twinroot.updater.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BundleReaderTest {

    static final TestPki PKI = new TestPki("reader CA");

    @TempDir
    Path dir;

    CmsVerifier verifier() {
        return new CmsVerifier(PKI.keyring(), TestPki.clock());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTripsEachCompression(Compression compression) throws IOException {
        byte[] rootfs = TestBundles.image(1, 300_000);
        byte[] appfs = TestBundles.image(2, 70_000);
        Path file = TestBundles.write(dir, "b", TestBundles.COMPATIBLE, "2.0.0-rc.1", Optional.of("1.0"),
                List.of(new Slot("rootfs", rootfs, compression), new Slot("appfs", appfs, compression)),
                List.of(new CmsSigner(PKI.signer("release"))));
        try (BundleReader r = BundleReader.open(Files.newInputStream(file), verifier())) {
            Manifest m = r.manifest().manifest();
            assertEquals("2.0.0-rc.1", m.version().toString());
            assertEquals(Optional.of(Version.parse("1.0")), m.minimumVersion());
            assertEquals(compression, m.payloads().get(0).compression());
            assertTrue(r.manifest().signer().subject().contains("CN=release"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VerifiedPayload v = r.nextPayload().orElseThrow().writeTo(out);
            assertEquals(0, v.index());
            assertArrayEquals(rootfs, out.toByteArray());
            out.reset();
            r.nextPayload().orElseThrow().writeTo(out);
            assertArrayEquals(appfs, out.toByteArray());
            assertEquals(Optional.empty(), r.nextPayload());
        }
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void everyKeyAlgorithmSignsAndVerifies(KeyAlgorithm algorithm) throws IOException {
        TestPki pki = new TestPki(algorithm, algorithm + " CA");
        Path file = TestBundles.simple(dir, "b", new CmsSigner(pki.signer("signer")), TestBundles.image(3, 1000));
        try (BundleReader r = BundleReader.open(Files.newInputStream(file),
                new CmsVerifier(pki.keyring(), TestPki.clock()))) {
            assertEquals(1, r.verifyRemaining().size());
        }
    }

    /** The proof that a bundle streams: a pipe cannot seek, mark or tell its length. */
    @Test
    void readsFromAPipe() throws Exception {
        byte[] rootfs = TestBundles.image(4, 2_000_000);
        byte[] bundle = Files.readAllBytes(TestBundles.simple(dir, "b", new CmsSigner(PKI.signer("s")), rootfs));
        PipedInputStream in = new PipedInputStream(4096);
        PipedOutputStream feed = new PipedOutputStream(in);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (feed) {
                for (int off = 0; off < bundle.length; off += 1000) {
                    feed.write(bundle, off, Math.min(1000, bundle.length - off));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        InputStream noMark = new FilterInputStream(in) {
            @Override
            public boolean markSupported() {
                return false;
            }
        };
        try (BundleReader r = BundleReader.open(noMark, verifier())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            r.nextPayload().orElseThrow().writeTo(out);
            assertArrayEquals(rootfs, out.toByteArray());
            assertEquals(Optional.empty(), r.nextPayload());
        }
        writer.get();
    }

    /** No byte past the signature block is read before the signature has been checked. */
    @Test
    void signatureIsCheckedBeforeAnyPayloadByteIsRead() throws IOException {
        Path file = TestBundles.simple(dir, "b", new CmsSigner(PKI.signer("s")), TestBundles.image(5, 10_000));
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = new BundleWriter(BundleLimits.DEFAULT).readHeader(file).encodedLength();
        TestPki stranger = new TestPki("stranger CA");
        CountingStream refused = new CountingStream(new ByteArrayInputStream(bytes));
        BundleSignatureException e = assertThrows(BundleSignatureException.class, () ->
                BundleReader.open(refused, new CmsVerifier(stranger.keyring(), TestPki.clock())));
        assertTrue(e.getMessage().contains("does not chain to a trusted CA"), e.getMessage());
        assertEquals(headerLength, refused.count);

        CountingStream accepted = new CountingStream(new ByteArrayInputStream(bytes));
        try (BundleReader r = BundleReader.open(accepted, verifier())) {
            assertEquals(headerLength, accepted.count);
        }
    }

    @Test
    void finishRefusesWhenTheCallerStoppedEarly() throws IOException {
        Path file = TestBundles.simple(dir, "b", new CmsSigner(PKI.signer("s")), TestBundles.image(6, 10_000));
        try (BundleReader r = BundleReader.open(Files.newInputStream(file), verifier())) {
            PayloadStream p = r.nextPayload().orElseThrow();
            p.readNBytes(9_999);
            assertThrows(IllegalStateException.class, p::finish);
        }
    }

    @Test
    void skippedPayloadsAreStillVerified() throws IOException {
        Path file = TestBundles.write(dir, "b", TestBundles.COMPATIBLE, "1", Optional.empty(),
                List.of(new Slot("rootfs", TestBundles.image(7, 5000), Compression.NONE),
                        new Slot("appfs", TestBundles.image(8, 5000), Compression.XZ)),
                List.of(new CmsSigner(PKI.signer("s"))));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 4000] ^= 1; // inside the first payload
        bytes[bytes.length - 5500] ^= 1;
        try (BundleReader r = BundleReader.open(new ByteArrayInputStream(bytes), verifier())) {
            r.nextPayload();
            PayloadMismatchException e = assertThrows(PayloadMismatchException.class, r::nextPayload);
            assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
        }
    }

    /** An xz stream whose block header asks for a 1 GiB dictionary is refused before anything is allocated. */
    @Test
    void xzMemoryLimitIsALimitException() throws IOException {
        byte[] image = TestBundles.image(9, 5000);
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (java.io.OutputStream out = Compression.XZ.compress(xz)) {
            out.write(image);
        }
        byte[] stored = xz.toByteArray();
        // Stream header is 12 bytes; the block header follows: size, flags, filter id 0x21, props size 1, dict.
        assertEquals(0x21, stored[14]);
        stored[16] = 36; // a 1 GiB dictionary
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        int headerSize = (stored[12] + 1) * 4;
        crc.update(stored, 12, headerSize - 4);
        java.nio.ByteBuffer.wrap(stored, 12 + headerSize - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt((int) crc.getValue());
        Path storedFile = dir.resolve("bomb.xz");
        Files.write(storedFile, stored);
        Sha256 imageSha = Sha256.of(Sha256.newDigest().digest(image));
        Sha256 storedSha = Sha256.of(Sha256.newDigest().digest(stored));
        PackedPayload p = new PackedPayload(Payload.full("rootfs", stored.length, storedSha, Compression.XZ,
                image.length, imageSha), storedFile);
        Path bundle = dir.resolve("bomb.twb");
        new BundleWriter(BundleLimits.DEFAULT).create(bundle, TestBundles.COMPATIBLE, Version.parse("1"),
                Optional.empty(), List.of(p), List.of(new CmsSigner(PKI.signer("s"))));
        try (BundleReader r = BundleReader.open(Files.newInputStream(bundle), verifier())) {
            BundleLimitException e = assertThrows(BundleLimitException.class, r::verifyRemaining);
            assertEquals("payload 0 (rootfs): xz data needs more memory than the limit of 131072 KiB", e.getMessage());
        }
    }

    static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
