package dev.twinroot.updater.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bundle.BundleReader;
import dev.twinroot.updater.bundle.Compression;
import dev.twinroot.updater.bundle.PolicyException;
import dev.twinroot.updater.bundle.VerifiedManifest;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.testing.TestBundles;
import dev.twinroot.updater.testing.TestBundles.Slot;
import dev.twinroot.updater.testing.TestPki;
import dev.twinroot.updater.bundle.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules one by one; the mutation suite (TamperedBundleTest) covers each refusal end to end. */
class UpdatePolicyTest {

    static final TestPki PKI = new TestPki("policy CA");

    @TempDir
    Path dir;

    VerifiedManifest manifest(String version, Optional<String> minimum) throws IOException {
        Path file = TestBundles.write(dir, "v" + version, TestBundles.COMPATIBLE, version, minimum,
                List.of(new Slot("rootfs", TestBundles.image(1, 1000), Compression.NONE)),
                List.of(new CmsSigner(PKI.signer("s"))));
        try (BundleReader r = BundleReader.open(Files.newInputStream(file), new CmsVerifier(PKI.keyring(), TestPki.clock()))) {
            return r.manifest();
        }
    }

    static DeviceState running(String version, Optional<String> floor) {
        return new DeviceState(TestBundles.COMPATIBLE, Version.parse(version), floor.map(Version::parse),
                Map.of("rootfs", 1000L), Map.of());
    }

    @Test
    void sameVersionMayBeReinstalledAndUpgradesPass() throws IOException {
        VerifiedManifest m = manifest("1.2.0", Optional.empty());
        assertDoesNotThrow(() -> new UpdatePolicy(false).check(m, running("1.2", Optional.empty())));
        assertDoesNotThrow(() -> new UpdatePolicy(false).check(m, running("1.1.9", Optional.of("1.2.0"))));
    }

    @Test
    void downgradeNeedsTheOptionAndTheFloorIsAbsolute() throws IOException {
        VerifiedManifest m = manifest("1.0.0", Optional.empty());
        assertThrows(DowngradeException.class, () -> new UpdatePolicy(false).check(m, running("1.1", Optional.empty())));
        assertDoesNotThrow(() -> new UpdatePolicy(true).check(m, running("1.1", Optional.empty())));
        PolicyException e = assertThrows(RollbackFloorException.class,
                () -> new UpdatePolicy(true).check(m, running("1.1", Optional.of("1.0.1"))));
        assertTrue(e.getMessage().contains("below this device's anti-rollback floor 1.0.1"), e.getMessage());
    }

    @Test
    void preReleaseIsBelowItsRelease() throws IOException {
        VerifiedManifest m = manifest("2.0.0-rc.1", Optional.empty());
        assertThrows(DowngradeException.class, () -> new UpdatePolicy(false).check(m, running("2.0.0", Optional.empty())));
    }

    @Test
    void minimumVersionIsAboutTheRunningSystem() throws IOException {
        VerifiedManifest m = manifest("3.0", Optional.of("2.5"));
        assertDoesNotThrow(() -> new UpdatePolicy(false).check(m, running("2.5.0", Optional.empty())));
        PolicyException e = assertThrows(RunningVersionTooOldException.class,
                () -> new UpdatePolicy(false).check(m, running("2.4.9", Optional.empty())));
        assertTrue(e.getMessage().contains("needs a device running at least 2.5, this one runs 2.4.9"), e.getMessage());
    }

    @Test
    void anImageExactlyTheSlotSizeFits() throws IOException {
        VerifiedManifest m = manifest("1.0", Optional.empty());
        assertDoesNotThrow(() -> new UpdatePolicy(false).check(m, running("1.0", Optional.empty())));
        DeviceState small = new DeviceState(TestBundles.COMPATIBLE, Version.parse("1.0"), Optional.empty(),
                Map.of("rootfs", 999L), Map.of());
        assertThrows(SlotTooSmallException.class, () -> new UpdatePolicy(false).check(m, small));
    }
}
