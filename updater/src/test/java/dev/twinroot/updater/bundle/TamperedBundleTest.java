package dev.twinroot.updater.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.policy.ActiveImage;
import dev.twinroot.updater.policy.DeltaSourceMismatchException;
import dev.twinroot.updater.policy.DeviceState;
import dev.twinroot.updater.policy.DowngradeException;
import dev.twinroot.updater.policy.IncompatibleBundleException;
import dev.twinroot.updater.policy.RollbackFloorException;
import dev.twinroot.updater.policy.RunningVersionTooOldException;
import dev.twinroot.updater.policy.SlotTooSmallException;
import dev.twinroot.updater.policy.UnknownSlotClassException;
import dev.twinroot.updater.policy.UpdatePolicy;
import dev.twinroot.updater.signing.CertificateProfile;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.SigningKey;
import dev.twinroot.updater.testing.TestBundles;
import dev.twinroot.updater.testing.TestBundles.Slot;
import dev.twinroot.updater.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mutation suite: each case is a bundle damaged or built wrong in one specific way, and must be refused
 * with the exception type a caller acts on and a message that names the problem.
 */
class TamperedBundleTest {

    static final TestPki PKI = new TestPki("fleet CA");
    static final TestPki STRANGER = new TestPki("stranger CA");
    static final byte[] ROOTFS = TestBundles.image(10, 40_000);
    static final byte[] APPFS = TestBundles.image(11, 3_000);
    static final byte[] ACTIVE_ROOTFS = TestBundles.image(12, 40_000);
    static final DeviceState DEVICE = new DeviceState(TestBundles.COMPATIBLE, Version.parse("1.1.0"),
            Optional.of(Version.parse("1.0.0")), Map.of("rootfs", 100_000L, "appfs", 100_000L),
            Map.of("rootfs", new ActiveImage(ACTIVE_ROOTFS.length, sha(ACTIVE_ROOTFS))));

    @TempDir
    static Path dir;
    static SigningKey releaseKey;
    static byte[] good;
    static int manifestLength;
    static int headerLength;

    record Case(String name, byte[] bundle, Class<? extends BundleException> type, String fragment) {}

    @BeforeAll
    static void buildGoodBundle() throws IOException {
        releaseKey = PKI.signer("release");
        good = bundle("good", TestBundles.COMPATIBLE, "1.2.0", Optional.empty(), releaseKey, 1_000);
        manifestLength = ByteBuffer.wrap(good, 12, 4).getInt();
        headerLength = (int) new BundleHeaderCodec(BundleLimits.DEFAULT).read(new ByteArrayInputStream(good))
                .encodedLength();
    }

    static byte[] bundle(String name, String compatible, String version, Optional<String> minimum, SigningKey key,
            int seed) throws IOException {
        return Files.readAllBytes(TestBundles.write(dir, name + seed, compatible, version, minimum,
                List.of(new Slot("rootfs", ROOTFS, Compression.ZSTD), new Slot("appfs", APPFS, Compression.NONE)),
                List.of(new CmsSigner(key))));
    }

    static Sha256 sha(byte[] b) {
        return Sha256.of(Sha256.newDigest().digest(b));
    }

    /** What a device does with a bundle: open (signature), policy, then every payload. */
    static void install(byte[] bundle) throws IOException {
        try (BundleReader r = BundleReader.open(new ByteArrayInputStream(bundle),
                new CmsVerifier(PKI.keyring(), TestPki.clock()))) {
            new UpdatePolicy(false).check(r.manifest(), DEVICE);
            r.verifyRemaining();
        }
    }

    @Test
    void theUntamperedBundleInstalls() throws IOException {
        install(good);
    }

    @Test
    void suiteHasAtLeastFiftyCases() throws IOException {
        assertTrue(cases().size() >= 50, "only " + cases().size() + " cases");
    }

    @TestFactory
    Stream<DynamicTest> everyTamperedBundleIsRefused() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            BundleException e = assertThrows(BundleException.class, () -> install(c.bundle()), c.name());
            assertInstanceOf(c.type(), e, c.name() + ": " + e);
            assertTrue(e.getMessage().contains(c.fragment()),
                    c.name() + ": expected \"" + c.fragment() + "\" in: " + e.getMessage());
        }));
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        headerCases(cases);
        manifestFlips(cases);
        signatureFlips(cases);
        payloadFlips(cases);
        truncations(cases);
        certificateCases(cases);
        policyCases(cases);
        return cases;
    }

    private static void headerCases(List<Case> cases) {
        for (int off = 0; off < 8; off += 3) {
            cases.add(new Case("magic byte " + off + " flipped", flip(good, off, 0x20), BundleFormatException.class, "magic"));
        }
        cases.add(new Case("format version 2", flip(good, 9, 0x03), BundleFormatException.class,
                "unsupported bundle format version 2"));
        cases.add(new Case("flags set", flip(good, 11, 0x01), BundleFormatException.class, "flags at offset 10"));
        cases.add(new Case("manifest length top bit", flip(good, 12, 0x80), BundleLimitException.class,
                "manifest length"));
        cases.add(new Case("manifest length 0", set(good, 12, new byte[4]), BundleFormatException.class,
                "manifest length at offset 12 is 0"));
        int block = 16 + manifestLength;
        cases.add(new Case("signature block length top bit", flip(good, block, 0x80), BundleLimitException.class,
                "signature block length"));
        cases.add(new Case("signature count 0", set(good, block + 4, new byte[2]), BundleFormatException.class,
                "holds no signature"));
        cases.add(new Case("signature count 2", flip(good, block + 5, 0x03), BundleFormatException.class,
                "signature 1"));
        cases.add(new Case("signature blob length top bit", flip(good, block + 6, 0x80), BundleFormatException.class,
                "signature 0 length"));
        cases.add(new Case("trailing byte", Arrays.copyOf(good, good.length + 1), BundleFormatException.class,
                "trailing bytes after the last payload"));
    }

    private static void manifestFlips(List<Case> cases) {
        for (int i = 0; i < 12; i++) {
            int off = 16 + (int) ((long) manifestLength * i / 12);
            cases.add(new Case("manifest bit flip at " + off, flip(good, off, 1 << (i % 8)),
                    BundleSignatureException.class, "does not match the manifest"));
        }
    }

    private static void signatureFlips(List<Case> cases) {
        int blob = 16 + manifestLength + 4 + 2 + 4;
        int length = headerLength - blob;
        for (int i = 1; i <= 12; i++) {
            int off = blob + (int) ((long) length * i / 13);
            cases.add(new Case("signature bit flip at " + off, flip(good, off, 0x10), BundleSignatureException.class,
                    "no trusted signature on the manifest: signature 0"));
        }
        cases.add(new Case("last signature byte flipped", flip(good, headerLength - 1, 0x01),
                BundleSignatureException.class, "signature 0"));
    }

    private static void payloadFlips(List<Case> cases) {
        int rootfsStored = good.length - headerLength - APPFS.length;
        for (int i = 0; i < 10; i++) {
            int off = headerLength + (int) ((long) rootfsStored * i / 10);
            cases.add(new Case("rootfs payload bit flip at " + off, flip(good, off, 1 << (i % 8)),
                    PayloadMismatchException.class, "payload 0 (rootfs)"));
        }
        cases.add(new Case("last rootfs byte flipped", flip(good, headerLength + rootfsStored - 1, 0x40),
                PayloadMismatchException.class, "payload 0 (rootfs)"));
        for (int i = 0; i < 5; i++) {
            int off = headerLength + rootfsStored + APPFS.length * i / 5;
            cases.add(new Case("appfs payload bit flip at " + off, flip(good, off, 0x08),
                    PayloadMismatchException.class, "payload 1 (appfs) stored bytes: SHA-256 mismatch"));
        }
        cases.add(new Case("last byte flipped", flip(good, good.length - 1, 0x01), PayloadMismatchException.class,
                "payload 1 (appfs)"));
    }

    private static void truncations(List<Case> cases) {
        int[] cuts = {0, 5, 8, 11, 14, 16, 16 + manifestLength / 2, 16 + manifestLength, 16 + manifestLength + 3,
            16 + manifestLength + 9, (16 + manifestLength + headerLength) / 2, headerLength - 1, headerLength,
            headerLength + 1, headerLength + 500, good.length - APPFS.length - 1, good.length - APPFS.length,
            good.length - 1};
        for (int cut : cuts) {
            cases.add(new Case("truncated at " + cut, Arrays.copyOf(good, cut), BundleFormatException.class,
                    "truncated"));
        }
    }

    private static void certificateCases(List<Case> cases) throws IOException {
        var now = TestPki.NOW;
        var day = java.time.Duration.ofDays(1);
        cases.add(new Case("signed by an untrusted CA", bundle("stranger", TestBundles.COMPATIBLE, "1.2.0",
                Optional.empty(), STRANGER.signer("stranger"), 1), BundleSignatureException.class,
                "does not chain to a trusted CA"));
        SigningKey other = PKI.signer("other");
        cases.add(new Case("key of one signer, certificate of another", bundle("swap", TestBundles.COMPATIBLE, "1.2.0",
                Optional.empty(), new SigningKey(other.key(), releaseKey.certificate(), List.of()), 2),
                BundleSignatureException.class, "signature by CN=release,O=Test does not match the manifest"));
        cases.add(new Case("expired signing certificate", bundle("expired", TestBundles.COMPATIBLE, "1.2.0",
                Optional.empty(), PKI.signer("old", now.minus(day.multipliedBy(400)), now.minus(day),
                        CertificateProfile.CODE_SIGNING), 3), BundleSignatureException.class, "expired on"));
        cases.add(new Case("not yet valid signing certificate", bundle("future", TestBundles.COMPATIBLE, "1.2.0",
                Optional.empty(), PKI.signer("future", now.plus(day), now.plus(day.multipliedBy(400)),
                        CertificateProfile.CODE_SIGNING), 4), BundleSignatureException.class, "is not valid before"));
        cases.add(new Case("certificate without codeSigning EKU", bundle("noeku", TestBundles.COMPATIBLE, "1.2.0",
                Optional.empty(), PKI.signer("tls", now.minus(day), now.plus(day),
                        new CertificateProfile(false, false, true)), 5), BundleSignatureException.class,
                "lacks the codeSigning extended key usage"));
        cases.add(new Case("certificate without digitalSignature usage", bundle("noku", TestBundles.COMPATIBLE, "1.2.0",
                Optional.empty(), PKI.signer("enc", now.minus(day), now.plus(day),
                        new CertificateProfile(false, true, false)), 6), BundleSignatureException.class,
                "lacks the digitalSignature key usage"));
        cases.add(new Case("CA certificate used as signer", bundle("casigner", TestBundles.COMPATIBLE, "1.2.0",
                Optional.empty(), PKI.signer("subca", now.minus(day), now.plus(day), new CertificateProfile(true, true, true)), 7),
                BundleSignatureException.class, "is a CA certificate"));
        cases.add(new Case("intermediate without CA basicConstraints", bundle("badinter", TestBundles.COMPATIBLE,
                "1.2.0", Optional.empty(), PKI.signerViaIntermediate("leafy", CertificateProfile.CODE_SIGNING), 8),
                BundleSignatureException.class, "does not chain to a trusted CA"));
    }

    private static void policyCases(List<Case> cases) throws IOException {
        cases.add(new Case("wrong compatible", bundle("compat", "raspberrypi4", "1.2.0", Optional.empty(), releaseKey, 1),
                IncompatibleBundleException.class, "bundle is for compatible \"raspberrypi4\""));
        cases.add(new Case("downgrade", bundle("down", TestBundles.COMPATIBLE, "1.0.5", Optional.empty(), releaseKey, 2),
                DowngradeException.class, "older than the running version 1.1.0"));
        cases.add(new Case("below the anti-rollback floor", bundle("floor", TestBundles.COMPATIBLE, "0.9.9",
                Optional.empty(), releaseKey, 3), RollbackFloorException.class, "anti-rollback floor 1.0.0"));
        cases.add(new Case("device below minimumVersion", bundle("min", TestBundles.COMPATIBLE, "3.0.0",
                Optional.of("2.0.0"), releaseKey, 4), RunningVersionTooOldException.class, "at least 2.0.0"));
        Path big = dir.resolve("big.img");
        Files.write(big, new byte[150_000]);
        PackedPayload bigPayload = new PayloadPacker().packFull(big, "rootfs", Compression.ZSTD, dir.resolve("big.zst"));
        cases.add(new Case("payload larger than the slot", write("toobig", TestBundles.COMPATIBLE, bigPayload),
                SlotTooSmallException.class, "image of 150000 bytes does not fit the 100000-byte slot"));
        PackedPayload boot = new PayloadPacker().packFull(big, "bootloader", Compression.ZSTD, dir.resolve("boot.zst"));
        cases.add(new Case("payload for a slot class the device lacks", write("noslot", TestBundles.COMPATIBLE, boot),
                UnknownSlotClassException.class, "no slot of class bootloader"));
        Path delta = dir.resolve("delta.bin");
        Files.write(delta, TestBundles.image(13, 500));
        PackedPayload wrongSource = new PayloadPacker().packDelta(delta, "rootfs",
                new DeltaSource(ROOTFS.length, sha(ROOTFS)), ROOTFS.length, sha(ROOTFS));
        cases.add(new Case("delta against the wrong source", write("delta", TestBundles.COMPATIBLE, wrongSource),
                DeltaSourceMismatchException.class, "the active slot holds 40000 bytes with SHA-256 "
                        + sha(ACTIVE_ROOTFS)));
    }

    private static byte[] write(String name, String compatible, PackedPayload payload) throws IOException {
        Path out = dir.resolve(name + ".twb");
        new BundleWriter(BundleLimits.DEFAULT).create(out, compatible, Version.parse("1.2.0"), Optional.empty(),
                List.of(payload), List.of(new CmsSigner(releaseKey)));
        return Files.readAllBytes(out);
    }

    static byte[] flip(byte[] b, int offset, int mask) {
        byte[] c = b.clone();
        c[offset] ^= (byte) mask;
        return c;
    }

    static byte[] set(byte[] b, int offset, byte[] value) {
        byte[] c = b.clone();
        System.arraycopy(value, 0, c, offset, value.length);
        return c;
    }

    @Test
    void aDeltaAgainstTheRightSourcePassesThePolicy() throws IOException {
        Path delta = dir.resolve("delta-ok.bin");
        Files.write(delta, TestBundles.image(14, 500));
        byte[] ok = write("delta-ok", TestBundles.COMPATIBLE, new PayloadPacker().packDelta(delta, "rootfs",
                new DeltaSource(ACTIVE_ROOTFS.length, sha(ACTIVE_ROOTFS)), ROOTFS.length, sha(ROOTFS)));
        install(ok);
        assertEquals(1, 1);
    }
}
