package dev.twinroot.updater.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bundle.BundleHeaderCodec;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.Compression;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.SigningKey;
import dev.twinroot.updater.testing.TestBundles;
import dev.twinroot.updater.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer's mutation suite: each bundle is damaged or built wrong in one way and must be refused by
 * {@link Installer#install} with a message naming the problem. Refused before writing: slot B and the boot
 * state are byte for byte as before. Refused while writing: slot B is left marked bad and the journal says
 * failed. Never: slot B made primary.
 */
class TamperedInstallTest {

    @TempDir
    static Path dir;
    static SigningKey key;
    static InstallFixture maker;
    static byte[] good;
    static int manifestLength;
    static int headerLength;

    /** {@code duringWrite}: the damage can only show once payload bytes stream, after the target was marked bad. */
    record Case(String name, byte[] bundle, String fragment, boolean duringWrite) {}

    @BeforeAll
    static void buildGoodBundle() throws IOException {
        key = InstallFixture.PKI.signer("release");
        maker = new InstallFixture(Files.createDirectories(dir.resolve("maker")), key);
        good = Files.readAllBytes(maker.fullBundle("good", "1.2.0", InstallFixture.NEW));
        manifestLength = ByteBuffer.wrap(good, 12, 4).getInt();
        headerLength = (int) new BundleHeaderCodec(BundleLimits.DEFAULT).read(new ByteArrayInputStream(good))
                .encodedLength();
    }

    @Test
    void theUntamperedBundleInstalls() throws IOException {
        InstallFixture f = device("untampered");
        f.installer().install(write(f, "good", good).toString());
        assertEquals(Slot.B, f.bootState().primary());
    }

    @Test
    void suiteHasAtLeastFiftyCases() throws IOException {
        assertTrue(cases().size() >= 50, "only " + cases().size() + " cases");
    }

    @TestFactory
    Stream<DynamicTest> everyTamperedBundleIsRefusedByTheInstaller() throws IOException {
        List<Case> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String name = "case" + i;
            tests.add(DynamicTest.dynamicTest(c.name(), () -> refused(device(name), c)));
        }
        return tests.stream();
    }

    private static void refused(InstallFixture f, Case c) throws IOException {
        byte[] slotB = Files.readAllBytes(f.slotB);
        BootState before = f.bootState();
        Path bundle = write(f, "tampered", c.bundle());
        IOException e = assertThrows(IOException.class, () -> f.installer().install(bundle.toString()), c.name());
        assertTrue(e.getMessage().contains(c.fragment()), c.name() + ": expected \"" + c.fragment() + "\" in: "
                + e.getMessage());
        BootState after = f.bootState();
        assertNotEquals(Slot.B, after.primary(), "a refused bundle's slot was made primary");
        if (c.duringWrite()) {
            assertEquals(0, after.triesLeft(Slot.B), "target not left marked bad");
            assertEquals(before.withTriesLeft(Slot.B, 0), after);
            assertInstanceOf(InstallState.Failed.class, f.journal().read().orElseThrow());
        } else {
            assertArrayEquals(slotB, Files.readAllBytes(f.slotB), "slot B changed");
            assertEquals(before, after, "boot state changed");
            assertTrue(f.journal().read().isEmpty(), "journal written");
        }
    }

    private static InstallFixture device(String name) throws IOException {
        InstallFixture f = new InstallFixture(Files.createDirectories(dir.resolve(name)), key);
        Files.writeString(f.dataDir.resolve(RollbackFloor.FILE), "1.0.0\n");
        return f;
    }

    private static Path write(InstallFixture f, String name, byte[] bundle) throws IOException {
        return Files.write(f.dir.resolve(name + ".twb"), bundle);
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (int off = 0; off < 8; off += 3) {
            cases.add(new Case("magic byte " + off + " flipped", flip(good, off, 0x20), "magic", false));
        }
        for (int i = 0; i < 12; i++) {
            int off = 16 + (int) ((long) manifestLength * i / 12);
            cases.add(new Case("manifest bit flip at " + off, flip(good, off, 1 << (i % 8)),
                    "does not match the manifest", false));
        }
        int blob = 16 + manifestLength + 4 + 2 + 4;
        for (int i = 1; i <= 12; i++) {
            int off = blob + (headerLength - blob) * i / 13;
            cases.add(new Case("signature bit flip at " + off, flip(good, off, 0x10),
                    "no trusted signature on the manifest", false));
        }
        int stored = good.length - headerLength;
        for (int i = 0; i < 10; i++) {
            int off = headerLength + stored * i / 10;
            cases.add(new Case("payload bit flip at " + off, flip(good, off, 1 << (i % 8)), "payload 0 (rootfs)",
                    true));
        }
        cases.add(new Case("last payload byte flipped", flip(good, good.length - 1, 0x01), "payload 0 (rootfs)",
                true));
        int[] headerCuts = {0, 5, 11, 16, 16 + manifestLength / 2, 16 + manifestLength, 16 + manifestLength + 9,
            headerLength - 1};
        for (int cut : headerCuts) {
            cases.add(new Case("truncated at " + cut + " (header)", Arrays.copyOf(good, cut), "truncated", false));
        }
        int[] payloadCuts = {headerLength, headerLength + 1, headerLength + 500, headerLength + stored / 2,
            good.length - 2, good.length - 1};
        for (int cut : payloadCuts) {
            cases.add(new Case("truncated at " + cut + " (payload)", Arrays.copyOf(good, cut), "truncated", true));
        }
        byte[] longer = Arrays.copyOf(good, good.length + 7);
        cases.add(new Case("trailing bytes after the payload", longer, "", true));
        signerCases(cases);
        policyCases(cases);
        return cases;
    }

    private static void signerCases(List<Case> cases) throws IOException {
        TestPki stranger = new TestPki("stranger CA");
        cases.add(new Case("signed by an untrusted CA", bundle("stranger", TestBundles.COMPATIBLE, "1.2.0",
                Optional.empty(), stranger.signer("stranger"), InstallFixture.NEW), "does not chain to a trusted CA",
                false));
        var now = TestPki.NOW;
        var day = java.time.Duration.ofDays(1);
        cases.add(new Case("expired signing certificate", bundle("expired", TestBundles.COMPATIBLE, "1.2.0",
                Optional.empty(), InstallFixture.PKI.signer("old", now.minus(day.multipliedBy(400)), now.minus(day),
                        dev.twinroot.updater.signing.CertificateProfile.CODE_SIGNING), InstallFixture.NEW),
                "expired on", false));
    }

    private static void policyCases(List<Case> cases) throws IOException {
        cases.add(new Case("wrong compatible", bundle("compat", "raspberrypi4", "1.2.0", Optional.empty(), key,
                InstallFixture.NEW), "bundle is for compatible \"raspberrypi4\"", false));
        cases.add(new Case("downgrade", bundle("down", TestBundles.COMPATIBLE, "1.0.5", Optional.empty(), key,
                InstallFixture.NEW), "older than the running version 1.1.0", false));
        cases.add(new Case("below the anti-rollback floor", bundle("floor", TestBundles.COMPATIBLE, "0.9.9",
                Optional.empty(), key, InstallFixture.NEW), "anti-rollback floor 1.0.0", false));
        cases.add(new Case("device below minimumVersion", bundle("min", TestBundles.COMPATIBLE, "3.0.0",
                Optional.of("2.0.0"), key, InstallFixture.NEW), "at least 2.0.0", false));
        cases.add(new Case("image larger than the slot", bundle("big", TestBundles.COMPATIBLE, "1.2.0",
                Optional.empty(), key, new byte[InstallFixture.SLOT_SIZE + 1]), "does not fit", false));
        Path extra = TestBundles.write(maker.dir, "extra", TestBundles.COMPATIBLE, "1.2.0", Optional.empty(),
                List.of(new TestBundles.Slot("rootfs", InstallFixture.NEW, Compression.ZSTD),
                        new TestBundles.Slot("appfs", new byte[100], Compression.NONE)), List.of(new CmsSigner(key)));
        cases.add(new Case("payload for a slot class the device lacks", Files.readAllBytes(extra),
                "no slot of class appfs", false));
        byte[] otherSource = TestBundles.image(77, InstallFixture.ACTIVE.length);
        cases.add(new Case("delta against the wrong source", Files.readAllBytes(maker.deltaBundle("wrongsrc",
                "1.2.0", otherSource, InstallFixture.NEW)), "delta source is", false));
        byte[] longerSource = Arrays.copyOf(InstallFixture.ACTIVE, InstallFixture.SLOT_SIZE + 10);
        cases.add(new Case("delta from a source larger than the slot", Files.readAllBytes(maker.deltaBundle(
                "bigsrc", "1.2.0", longerSource, InstallFixture.NEW)), "the active rootfs image is unknown", false));
    }

    private static byte[] bundle(String name, String compatible, String version, Optional<String> minimum,
            SigningKey signer, byte[] image) throws IOException {
        return Files.readAllBytes(TestBundles.write(maker.dir, name, compatible, version, minimum,
                List.of(new TestBundles.Slot("rootfs", image, Compression.ZSTD)), List.of(new CmsSigner(signer))));
    }

    static byte[] flip(byte[] b, int offset, int mask) {
        byte[] c = b.clone();
        c[offset] ^= (byte) mask;
        return c;
    }
}
