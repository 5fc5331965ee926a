package dev.twinroot.updater.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bundle.BundleSignatureException;
import dev.twinroot.updater.bundle.SignerIdentity;
import dev.twinroot.updater.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmsVerifierTest {

    static final byte[] MANIFEST = "{\"format\":1}\n".getBytes(StandardCharsets.UTF_8);
    static final TestPki OLD = new TestPki("old fleet CA");
    static final TestPki NEW = new TestPki(KeyAlgorithm.ED25519, "new fleet CA");

    static CmsVerifier trusting(TestPki pki) {
        return new CmsVerifier(pki.keyring(), TestPki.clock());
    }

    @Test
    void keyRotationOneOfTwoBlobsIsEnough() throws IOException {
        byte[] oldSig = new CmsSigner(OLD.signer("old")).sign(MANIFEST);
        byte[] newSig = new CmsSigner(NEW.signer("new")).sign(MANIFEST);
        List<byte[]> both = List.of(oldSig, newSig);
        assertTrue(trusting(OLD).verify(MANIFEST, both).subject().contains("CN=old"));
        assertTrue(trusting(NEW).verify(MANIFEST, both).subject().contains("CN=new"));
        BundleSignatureException e = assertThrows(BundleSignatureException.class,
                () -> trusting(new TestPki("third CA")).verify(MANIFEST, both));
        assertTrue(e.getMessage().contains("signature 0: signing certificate CN=old,O=Test does not chain"), e.getMessage());
        assertTrue(e.getMessage().contains("signature 1: signing certificate CN=new,O=Test does not chain"), e.getMessage());
    }

    @Test
    void keyRotationSeveralSignerInfosInOneBlob() throws IOException {
        byte[] sig = new CmsSigner(List.of(OLD.signer("old"), NEW.signer("new"))).sign(MANIFEST);
        SignerIdentity id = trusting(NEW).verify(MANIFEST, List.of(sig));
        assertTrue(id.subject().contains("CN=new"));
        assertEquals("ed25519", id.keyAlgorithm());
    }

    @Test
    void junkNextToAGoodSignatureDoesNotHide() throws IOException {
        byte[] good = new CmsSigner(OLD.signer("old")).sign(MANIFEST);
        SignerIdentity id = trusting(OLD).verify(MANIFEST, List.of(new byte[] {0x30, 0x03, 1, 2, 3}, good));
        assertTrue(id.subject().contains("CN=old"));
        BundleSignatureException e = assertThrows(BundleSignatureException.class,
                () -> trusting(OLD).verify(MANIFEST, List.of(new byte[] {0x30, 0x03, 1, 2, 3})));
        assertTrue(e.getMessage().contains("signature 0"), e.getMessage());
    }

    @Test
    void intermediateShippedInTheSignatureCompletesTheChain() throws IOException {
        byte[] sig = new CmsSigner(OLD.signerViaIntermediate("leaf", CertificateProfile.CA)).sign(MANIFEST);
        assertTrue(trusting(OLD).verify(MANIFEST, List.of(sig)).issuer().contains("CN=leaf intermediate"));
    }

    @Test
    void unsetClockSkipsDatesButAWorkingClockDoesNot() throws IOException {
        Instant now = TestPki.NOW;
        SigningKey expired = OLD.signer("expired", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)),
                CertificateProfile.CODE_SIGNING);
        byte[] sig = new CmsSigner(expired).sign(MANIFEST);
        BundleSignatureException e = assertThrows(BundleSignatureException.class,
                () -> trusting(OLD).verify(MANIFEST, List.of(sig)));
        assertTrue(e.getMessage().contains("expired on " + now.minus(Duration.ofDays(1))), e.getMessage());
        // A board without an RTC battery boots at 1970: before the build date, so dates are not checked.
        CmsVerifier unsetClock = new CmsVerifier(OLD.keyring(), TestPki.clockAt(Instant.EPOCH));
        assertTrue(unsetClock.verify(MANIFEST, List.of(sig)).subject().contains("CN=expired"));
        // Even then the signature must be right.
        byte[] other = "{\"format\":2}\n".getBytes(StandardCharsets.UTF_8);
        assertThrows(BundleSignatureException.class, () -> unsetClock.verify(other, List.of(sig)));
    }

    @Test
    void expiredKeyringCaIsRefusedWhenTheClockWorks() throws IOException {
        TestPki pki = new TestPki("soon expired CA");
        byte[] sig = new CmsSigner(pki.signer("s")).sign(MANIFEST);
        CmsVerifier later = new CmsVerifier(pki.keyring(), TestPki.clockAt(TestPki.NOW.plus(Duration.ofDays(3651 * 3))));
        BundleSignatureException e = assertThrows(BundleSignatureException.class,
                () -> later.verify(MANIFEST, List.of(sig)));
        assertTrue(e.getMessage().contains("expired on"), e.getMessage());
    }

    @Test
    void theSignatureCoversTheExactBytes() throws IOException {
        byte[] sig = new CmsSigner(OLD.signer("s")).sign(MANIFEST);
        byte[] withSpace = "{\"format\":1} \n".getBytes(StandardCharsets.UTF_8);
        BundleSignatureException e = assertThrows(BundleSignatureException.class,
                () -> trusting(OLD).verify(withSpace, List.of(sig)));
        assertTrue(e.getMessage().contains("does not match the manifest"), e.getMessage());
    }
}
